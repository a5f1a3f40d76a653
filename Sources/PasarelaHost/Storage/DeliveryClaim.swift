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

    /// The `limit` candidates to claim: the least loaded partners' first, then the oldest. A
    /// partner with a long backlog and many attempts in flight takes its turn after one with
    /// few, however old its backlog.
    static func fairest(_ candidates: [Candidate], limit: Int) -> [Candidate] {
        Array(candidates.sorted { ($0.load, $0.nextAttemptAt, $0.id) < ($1.load, $1.nextAttemptAt, $1.id) }.prefix(limit))
    }
}
