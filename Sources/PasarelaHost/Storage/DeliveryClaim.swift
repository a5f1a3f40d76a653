/// What both backends share to claim due deliveries at a cost that does not grow with the
/// backlog: the partners with pending deliveries are found by skipping through an index (one
/// look-up per partner, not a row per delivery), a few due deliveries are read per partner from
/// the same index, and payloads are read only for the deliveries claimed.
enum DeliveryClaim {
    /// The index every step of a claim reads.
    static let indexName = "deliveries_pending_by_partner"
    static let indexDefinition =
        "CREATE INDEX \(indexName) ON deliveries (partner_id, next_attempt_at, id) WHERE status = 'pending'"

    /// The partners that have pending deliveries, one index look-up each (a loose index scan,
    /// written the same for SQLite and PostgreSQL). `source` is the table, with SQLite's
    /// `INDEXED BY`, as its planner would otherwise walk every pending row of `deliveries_due`.
    static func partnersWithPendingSQL(source: String = "deliveries") -> String {
        """
        WITH RECURSIVE pending_partners(partner_id) AS (
            SELECT (SELECT MIN(partner_id) FROM \(source) WHERE status = 'pending')
            UNION ALL
            SELECT (SELECT MIN(partner_id) FROM \(source) WHERE status = 'pending' AND partner_id > pending_partners.partner_id)
            FROM pending_partners WHERE partner_id IS NOT NULL
        )
        SELECT partner_id FROM pending_partners WHERE partner_id IS NOT NULL
        """
    }

    /// The partners whose deliveries the ordinary claim never takes, whatever a host's cache
    /// says: disabled ones (held) and fifo ones (claimed one at a time, in order, elsewhere).
    static let heldPartnersSQL = "SELECT id FROM partners WHERE status = 'disabled' OR ordering = 'fifo'"

    /// A due delivery found for a claim, before its row is read.
    struct Candidate: Sendable {
        var id: String
        var nextAttemptAt: Int64
        /// How many of its partner's deliveries would be in flight before it: those in flight
        /// and its partner's candidates ahead of it.
        var load: Int
    }

    /// How many more deliveries of `partner` a claim may take: `perPartner` less those in flight.
    static func room(for partner: String, perPartner: Int, inFlight: [String: Int]) -> Int {
        max(0, perPartner - inFlight[partner, default: 0])
    }

    /// The candidates ``fairest(_:limit:)`` chooses among every partner's room of oldest due
    /// deliveries, reading no more of them than that choice needs. `read(partner, count, offset)`
    /// gives a partner's due deliveries, oldest first, from `offset`, `count` at most.
    ///
    /// Every candidate up to a load threshold is read, the threshold being the lowest load at which
    /// there could be `limit` of them; when partners run out of due deliveries below it, it is
    /// raised and those with more are read further. Nothing above the threshold can be chosen over
    /// what is below it, so the choice is the one from whole rooms: with 100 partners and 16 free
    /// slots, a claim reads one row per partner instead of sixteen.
    static func candidates(
        partners: [String], perPartner: Int, limit: Int, inFlight: [String: Int],
        read: (_ partner: String, _ count: Int, _ offset: Int) throws -> [(id: String, nextAttemptAt: Int64)]
    ) rethrows -> [Candidate] {
        var open = partners.compactMap { partner -> Reading? in
            let room = room(for: partner, perPartner: perPartner, inFlight: inFlight)
            return room > 0 ? Reading(partner: partner, nextLoad: perPartner - room, room: room) : nil
        }
        var found: [Candidate] = []
        var threshold = -1
        while found.count < limit, !open.isEmpty {
            threshold = Reading.threshold(after: threshold, open, needed: limit - found.count)
            var stillOpen: [Reading] = []
            for var reading in open {
                let wanted = min(reading.room, threshold - reading.nextLoad + 1)
                guard wanted > 0 else {
                    stillOpen.append(reading)
                    continue
                }
                let rows = try read(reading.partner, wanted, reading.offset)
                found += rows.enumerated().map { Candidate(id: $1.id, nextAttemptAt: $1.nextAttemptAt, load: reading.nextLoad + $0) }
                (reading.offset, reading.nextLoad, reading.room) = (reading.offset + rows.count, reading.nextLoad + rows.count, reading.room - rows.count)
                // Fewer than asked for: the partner has no more due.
                if rows.count == wanted && reading.room > 0 { stillOpen.append(reading) }
            }
            open = stillOpen
        }
        return fairest(found, limit: limit)
    }

    /// A partner being read for a claim: the load its next candidate would have, the room left,
    /// and how many of its due deliveries have been read.
    private struct Reading {
        var partner: String
        var nextLoad: Int
        var room: Int
        var offset = 0

        /// The lowest load above `previous` at which `open` could give `needed` more candidates, or
        /// the highest load they reach.
        static func threshold(after previous: Int, _ open: [Reading], needed: Int) -> Int {
            let highest = open.map { $0.nextLoad + $0.room - 1 }.max() ?? previous
            var threshold = max(previous + 1, open.map(\.nextLoad).min() ?? 0)
            while threshold < highest, open.reduce(0, { $0 + max(0, min($1.room, threshold - $1.nextLoad + 1)) }) < needed {
                threshold += 1
            }
            return threshold
        }
    }

    /// The `limit` candidates to claim: the least loaded partners' first, then the oldest. A
    /// partner with a long backlog and many attempts in flight takes its turn after one with
    /// few, however old its backlog.
    static func fairest(_ candidates: [Candidate], limit: Int) -> [Candidate] {
        Array(candidates.sorted { ($0.load, $0.nextAttemptAt, $0.id) < ($1.load, $1.nextAttemptAt, $1.id) }.prefix(limit))
    }
}
