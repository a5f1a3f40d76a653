import Foundation
import GRDB
@testable import PasarelaHost
import PasarelaKit
import PostgresNIO
import Testing

/// A claim's cost must not grow with the backlog: a partner down for an hour leaves tens of
/// thousands of due deliveries, and the host claims a few at a time all the while.
@Suite("Delivery claims read a bounded number of rows")
struct DeliveryClaimTests {
    static let now = Date(timeIntervalSince1970: 1_767_225_600)

    /// `count` due deliveries for `partner`, oldest first, with a body of some size.
    static func backlog(_ count: Int, partner: String) -> [Delivery] {
        (0..<count).map { number in
            Delivery(
                id: "dlv_\(partner)_\(String(format: "%06d", number))", partnerID: partner, eventID: "evt_\(number)", eventType: "ledger.recorded",
                body: Array(String(repeating: "x", count: 512).utf8), status: .pending,
                nextAttemptAt: now.addingTimeInterval(Double(number) / 1000 - 3600), createdAt: now, updatedAt: now)
        }
    }

    /// With one of `slow`'s in flight and four per partner: three of each, oldest first (ties by id).
    static let expectedClaim = [
        "dlv_fast_000000", "dlv_slow_000000", "dlv_fast_000001", "dlv_slow_000001", "dlv_fast_000002", "dlv_slow_000002",
    ]

    @Test("SQLite: every step of a claim reads the claim's index, and takes each partner's oldest")
    func sqlitePlan() async throws {
        let storage = try SQLiteStorage(path: ":memory:")
        try await storage.insertDeliveries(Self.backlog(20_000, partner: "slow") + Self.backlog(3, partner: "fast"))
        let plans = try await storage.writer.read { db in
            try [DeliveryClaim.partnersWithPendingSQL(source: SQLiteStorage.indexedSource), SQLiteStorage.partnerCandidatesSQL].map { sql in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: sql.contains("?") ? ["slow", 0, 0, 4, 0] : [])
                    .map { $0["detail"] as String }
            }
        }
        for plan in plans {
            #expect(plan.contains { $0.hasPrefix("SEARCH deliveries USING INDEX \(DeliveryClaim.indexName)") }, "\(plan)")
            // Walking the table or a whole index (a row per delivery) reads "SCAN deliveries …".
            #expect(!plan.contains { $0.hasPrefix("SCAN deliveries") }, "\(plan)")
        }
        // Leasing the chosen few looks each up by id, not every due row through `deliveries_due`.
        let leasePlan = try await storage.writer.read { db in
            try Row.fetchAll(
                db, sql: "EXPLAIN QUERY PLAN " + SQLiteStorage.leaseSQL(count: 2), arguments: [0, "dlv_slow_00001", "dlv_slow_00002", 0, 0]
            ).map { $0["detail"] as String }
        }
        // (and reads the held partners once, from the partners table: a row per partner, not per delivery).
        let deliverySteps = leasePlan.filter { $0.contains("deliveries") }
        #expect(
            deliverySteps.count == 1 && deliverySteps.allSatisfy { $0.hasPrefix("SEARCH deliveries USING INDEX") && $0.hasSuffix("(id=?)") },
            "\(leasePlan)")
        #expect(leasePlan.allSatisfy { $0.contains("deliveries") || $0.contains("partners") || $0.hasPrefix("LIST SUBQUERY") }, "\(leasePlan)")
        let claimed = try await storage.claimDueDeliveries(
            now: Self.now, leaseUntil: Self.now.addingTimeInterval(30), limit: 6, perPartner: 4, inFlight: ["slow": 1])
        #expect(claimed.map(\.id) == Self.expectedClaim)
        try await storage.close()
    }

    @Test(
        "PostgreSQL: a claim's candidate query reads a few rows per partner, not the backlog",
        .enabled(if: PostgresTestDatabase.isAvailable, "needs PASARELA_TEST_POSTGRES_URL (.ci/run sets it)"))
    func postgresRowsRead() async throws {
        try await PostgresTestDatabase.withStorage { storage in
            try await storage.insertDeliveries(Self.backlog(5_000, partner: "slow") + Self.backlog(3, partner: "fast"))
            let micros = PostgresStorage.micros(Self.now)
            let most = try await storage.withConnection { connection in
                _ = try await connection.query("ANALYZE deliveries", logger: storage.logger).collect()
                var most = 0
                let candidates = PostgresStorage.candidatesQuery(partners: ["slow", "fast"], rooms: [4, 4], now: micros, limit: 8)
                for query in [PostgresQuery(unsafeSQL: DeliveryClaim.partnersWithPendingSQL()), candidates] {
                    var explained = query
                    explained.sql = "EXPLAIN ANALYZE " + explained.sql
                    let lines = try await connection.query(explained, logger: storage.logger).collect().map { try $0.decode(String.self) }
                    most = max(most, Self.mostRowsRead(lines))
                }
                return most
            }
            // Each node reads at most a few rows per partner (and the loose scan one per partner):
            // reading the 5,000-row backlog would show here.
            #expect(most <= 20, "a plan node read \(most) rows")
            let claimed = try await storage.claimDueDeliveries(
                now: Self.now, leaseUntil: Self.now.addingTimeInterval(30), limit: 6, perPartner: 4, inFlight: ["slow": 1])
            #expect(claimed.map(\.id) == Self.expectedClaim)
        }
    }

    @Test(
        "PostgreSQL: a claim passes over deliveries another host's claim is choosing, instead of choosing them and getting none",
        .enabled(if: PostgresTestDatabase.isAvailable, "needs PASARELA_TEST_POSTGRES_URL (.ci/run sets it)"))
    func postgresClaimsPassOverLockedCandidates() async throws {
        try await PostgresTestDatabase.withStorage { storage in
            try await storage.insertDeliveries(Self.backlog(24, partner: "busy"))
            let micros = PostgresStorage.micros(Self.now)
            // Another host's claim, between reading its candidates and leasing them: the oldest eight are locked.
            let claimed = try await storage.withTransaction { other in
                let locked = try await other.rows(
                    "SELECT id FROM deliveries WHERE next_attempt_at <= \(micros) ORDER BY next_attempt_at, id LIMIT 8 FOR UPDATE",
                    logger: storage.logger
                ).map { try $0.value("id", as: String.self) }
                #expect(locked.count == 8)
                let claimed = try await storage.claimDueDeliveries(
                    now: Self.now, leaseUntil: Self.now.addingTimeInterval(30), limit: 8, perPartner: 16, inFlight: [:])
                #expect(Set(claimed.map(\.id)).isDisjoint(with: locked))
                return claimed
            }
            // The next eight, oldest first: before, the claim chose the locked eight and leased none of them.
            #expect(claimed.map(\.id) == Self.backlog(24, partner: "busy")[8..<16].map(\.id))
        }
    }

    /// `busy` has a long, old backlog and 12 of its 16 slots in flight; `quiet` two newer due
    /// deliveries. A claim of four must give `quiet` its turn rather than take `busy`'s oldest.
    static func claimsFairly(_ storage: any PasarelaStorage) async throws {
        let quiet = backlog(2, partner: "quiet").map { delivery in
            var newer = delivery
            newer.nextAttemptAt = now.addingTimeInterval(-1)
            return newer
        }
        try await storage.insertDeliveries(backlog(40, partner: "busy") + quiet)
        let claimed = try await storage.claimDueDeliveries(
            now: now, leaseUntil: now.addingTimeInterval(30), limit: 4, perPartner: 16, inFlight: ["busy": 12])
        #expect(claimed.map(\.id).sorted() == ["dlv_busy_000000", "dlv_busy_000001", "dlv_quiet_000000", "dlv_quiet_000001"])
    }

    @Test("reading just enough candidates chooses exactly what reading every partner's whole room would")
    func leanReadsChooseTheSame() {
        var random = SeededRandom(seed: 21)
        for _ in 0..<2_000 {
            let partners = (0..<Int.random(in: 1...12, using: &random)).map { "p\($0)" }
            let perPartner = Int.random(in: 1...16, using: &random)
            let limit = Int.random(in: 1...40, using: &random)
            var due: [String: [(id: String, nextAttemptAt: Int64)]] = [:]
            var inFlight: [String: Int] = [:]
            for partner in partners {
                // Ties in next_attempt_at are common (one event to many partners); ids break them.
                due[partner] = (0..<Int.random(in: 0...20, using: &random)).map { ("\(partner)-\($0)", Int64.random(in: 0...30, using: &random)) }
                    .sorted { ($0.nextAttemptAt, $0.id) < ($1.nextAttemptAt, $1.id) }
                if Bool.random(using: &random) { inFlight[partner] = Int.random(in: 0...(perPartner + 1), using: &random) }
            }
            let whole = DeliveryClaim.fairest(
                partners.flatMap { partner in
                    let room = DeliveryClaim.room(for: partner, perPartner: perPartner, inFlight: inFlight)
                    return due[partner]!.prefix(room).enumerated().map { DeliveryClaim.Candidate(id: $1.id, nextAttemptAt: $1.nextAttemptAt, load: perPartner - room + $0) }
                }, limit: limit)
            let lean = DeliveryClaim.candidates(partners: partners, perPartner: perPartner, limit: limit, inFlight: inFlight) { partner, count, offset in
                Array(due[partner]!.dropFirst(offset).prefix(count))
            }
            #expect(lean.map(\.id) == whole.map(\.id), "partners \(partners.count), per partner \(perPartner), limit \(limit), in flight \(inFlight)")
        }
    }

    @Test("100 partners with long backlogs and 16 free slots: a claim reads one row of each, not sixteen")
    func manyPartnersReadOneRowEach() {
        let partners = (0..<100).map { String(format: "p%03d", $0) }
        var rowsRead = 0
        let chosen = DeliveryClaim.candidates(partners: partners, perPartner: 16, limit: 16, inFlight: [:]) { partner, count, offset in
            rowsRead += count
            return (offset..<offset + count).map { ("\(partner)-\($0)", Int64($0)) }
        }
        #expect(rowsRead == 100)
        #expect(chosen.map(\.id) == partners.prefix(16).map { "\($0)-0" })
    }

    @Test("SQLite: a partner with fewer attempts in flight is served before another's older backlog")
    func sqliteFairness() async throws {
        let storage = try SQLiteStorage(path: ":memory:")
        try await Self.claimsFairly(storage)
        try await storage.close()
    }

    @Test(
        "PostgreSQL: a partner with fewer attempts in flight is served before another's older backlog",
        .enabled(if: PostgresTestDatabase.isAvailable, "needs PASARELA_TEST_POSTGRES_URL (.ci/run sets it)"))
    func postgresFairness() async throws {
        try await PostgresTestDatabase.withStorage { storage in try await Self.claimsFairly(storage) }
    }

    /// The most rows any node of an `EXPLAIN ANALYZE` plan produced (rows times loops) or removed
    /// by a filter.
    static func mostRowsRead(_ plan: [String]) -> Int {
        plan.map { line -> Int in
            if let removed = line.firstMatch(of: /Rows Removed by Filter: (\d+)/) { return Int(removed.1) ?? 0 }
            guard let actual = line.firstMatch(of: /actual time=[^ ]+ rows=([0-9.]+) loops=(\d+)/) else { return 0 }
            return Int((Double(actual.1) ?? 0) * (Double(actual.2) ?? 0))
        }.max() ?? 0
    }
}

/// A small deterministic generator (SplitMix64), so a failing case can be run again.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
