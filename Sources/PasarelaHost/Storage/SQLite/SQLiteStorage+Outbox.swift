import Foundation
import GRDB
import PasarelaKit

extension SQLiteStorage {
    /// The most events one replay sends again.
    static let replayLimit = 10_000

    public func insertDeliveries(_ deliveries: [Delivery]) async throws {
        try await writer.write { db in try Self.insert(deliveries, into: db) }
    }

    static func insert(_ deliveries: [Delivery], into db: Database) throws {
        for delivery in deliveries {
            try db.execute(
                sql: """
                    INSERT INTO deliveries (id, partner_id, event_id, event_type, body, status, attempt_count, next_attempt_at,
                        lease_until, last_status_code, last_error, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    delivery.id, delivery.partnerID, delivery.eventID, delivery.eventType.rawValue, Data(delivery.body),
                    delivery.status.rawValue, delivery.attemptCount, delivery.nextAttemptAt.map(Self.micros),
                    delivery.leaseUntil.map(Self.micros), delivery.lastStatusCode, delivery.lastError,
                    Self.micros(delivery.createdAt), Self.micros(delivery.updatedAt),
                ])
        }
    }

    public func delivery(id: String) async throws -> Delivery? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM deliveries WHERE id = ?", arguments: [id]).map(Self.delivery(from:))
        }
    }

    public func deliveries(_ query: DeliveryQuery) async throws -> [Delivery] {
        let page = Self.page(
            of: "deliveries", filters: [("partner_id", query.filter.partnerID), ("status", query.filter.status?.rawValue)], cursor: query.cursor,
            limit: query.limit)
        return try await writer.read { db in
            try Row.fetchAll(db, sql: page.sql, arguments: page.arguments).map(Self.delivery(from:))
        }
    }

    public func deliveries(partnerID: String, createdIn range: ClosedRange<Date>, eventTypes: [String]) async throws -> [Delivery] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM deliveries WHERE id IN (
                        SELECT MIN(id) FROM deliveries WHERE partner_id = ? AND created_at BETWEEN ? AND ? GROUP BY event_id
                    ) ORDER BY id LIMIT ?
                    """,
                arguments: [partnerID, Self.micros(range.lowerBound), Self.micros(range.upperBound), Self.replayLimit]
            ).map(Self.delivery(from:)).filter { eventTypes.isEmpty || eventTypes.contains($0.eventType.rawValue) }
        }
    }

    public func attempts(deliveryID: String) async throws -> [DeliveryAttempt] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM delivery_attempts WHERE delivery_id = ? ORDER BY id", arguments: [deliveryID])
                .map(Self.attempt(from:))
        }
    }

    public func claimDueDeliveries(now: Date, leaseUntil: Date, limit: Int, perPartner: Int, inFlight: [String: Int]) async throws
        -> [Delivery]
    {
        let now = Self.micros(now)
        let chosen = try await writer.read { db in
            let partnerCandidates = try db.cachedStatement(sql: Self.partnerCandidatesSQL)
            return try DeliveryClaim.candidates(
                partners: try String.fetchAll(db, sql: DeliveryClaim.partnersWithPendingSQL(source: Self.indexedSource)),
                perPartner: perPartner, limit: limit, inFlight: inFlight
            ) { partner, count, offset in
                try Row.fetchAll(partnerCandidates, arguments: [partner, now, now, count, offset]).map { ($0["id"], $0["next_attempt_at"]) }
            }
        }
        guard !chosen.isEmpty else { return [] }
        let ids = chosen.map(\.id)
        let marks = databaseQuestionMarks(count: ids.count)
        let lease = Self.micros(leaseUntil)
        return try await writer.write { db in
            // Checked again under the write lock: another process on this file may have claimed some.
            try db.execute(sql: Self.leaseSQL(count: ids.count), arguments: StatementArguments([lease] + ids + [now, now]))
            return try Row.fetchAll(
                db, sql: "SELECT * FROM deliveries WHERE id IN (\(marks)) AND lease_until = ? ORDER BY next_attempt_at, id",
                arguments: StatementArguments(ids + [lease])
            ).map(Self.delivery(from:))
        }
    }

    /// A pending delivery due at `?` (twice) whose lease, if any, has run out.
    static let dueCondition = "status = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)"

    /// Leases the `count` deliveries named (`?` each) if still due, found by their ids: the unary
    /// `+` keeps SQLite's planner from walking every due row of `deliveries_due` instead.
    static func leaseSQL(count: Int) -> String {
        """
        UPDATE deliveries SET lease_until = ? WHERE id IN (\(databaseQuestionMarks(count: count)))
            AND +status = 'pending' AND +next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)
            AND partner_id NOT IN (\(DeliveryClaim.heldPartnersSQL))
        """
    }

    /// `deliveries`, read through the claim's index.
    static let indexedSource = "deliveries INDEXED BY \(DeliveryClaim.indexName)"

    /// The oldest due deliveries of one partner (`?`), at most `?` of them after the first `?`,
    /// read from the claim's index.
    static let partnerCandidatesSQL = """
        SELECT id, next_attempt_at FROM \(indexedSource)
        WHERE partner_id = ? AND \(dueCondition)
        ORDER BY next_attempt_at, id LIMIT ? OFFSET ?
        """

    public func recordAttempts(_ records: [RecordedAttempt]) async throws -> [Bool] {
        try await writer.write { db in
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO delivery_attempts (delivery_id, at, status_code, duration_ms, error, response_body)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """)
            let update = try db.cachedStatement(
                sql: """
                    UPDATE deliveries SET status = ?, attempt_count = ?, next_attempt_at = ?, lease_until = NULL,
                        last_status_code = ?, last_error = ?, updated_at = ?
                    WHERE id = ? AND lease_until = ?
                    """)
            return try records.map { record in
                let (attempt, delivery) = (record.attempt, record.delivery)
                try insert.execute(arguments: [
                    attempt.deliveryID, Self.micros(attempt.at), attempt.statusCode, attempt.durationMilliseconds, attempt.error,
                    attempt.responseBody,
                ])
                try update.execute(arguments: [
                    delivery.status.rawValue, delivery.attemptCount, delivery.nextAttemptAt.map(Self.micros), delivery.lastStatusCode,
                    delivery.lastError, Self.micros(delivery.updatedAt), delivery.id, delivery.leaseUntil.map(Self.micros),
                ])
                return db.changesCount > 0
            }
        }
    }

    public func requeueDelivery(id: String, now: Date) async throws -> Delivery? {
        try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE deliveries SET status = 'pending', next_attempt_at = ?, lease_until = NULL, updated_at = ?
                    WHERE id = ? AND status != 'delivered' AND (lease_until IS NULL OR lease_until < ?)
                    """,
                arguments: [Self.micros(now), Self.micros(now), id, Self.micros(now)])
            return try Row.fetchOne(db, sql: "SELECT * FROM deliveries WHERE id = ?", arguments: [id]).map(Self.delivery(from:))
        }
    }

    public func pendingDeliveries() async throws -> PendingDeliveries {
        try await writer.read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM deliveries
                    WHERE status = 'pending' AND partner_id IN (SELECT id FROM partners)
                    """)
            return PendingDeliveries(count: row?["n"] ?? 0, oldestCreatedAt: (row?["oldest"] as Int64?).map(Self.date))
        }
    }

    public func deliveryHealth(partnerID: String) async throws -> DeliveryHealth {
        try await writer.read { db in
            var counts: [DeliveryStatus: Int] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT status, COUNT(*) AS n FROM deliveries WHERE partner_id = ? GROUP BY status", arguments: [partnerID])
            {
                if let status = DeliveryStatus(rawValue: row["status"]) { counts[status] = row["n"] }
            }
            let oldest = try Int64.fetchOne(
                db, sql: "SELECT MIN(created_at) FROM deliveries WHERE partner_id = ? AND status = 'pending'", arguments: [partnerID])
            let lastDelivered = try Int64.fetchOne(
                db, sql: "SELECT MAX(updated_at) FROM deliveries WHERE partner_id = ? AND status = 'delivered'", arguments: [partnerID])
            let failure = try Row.fetchOne(
                db,
                sql: """
                    SELECT a.* FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
                    WHERE d.partner_id = ? AND (a.status_code IS NULL OR a.status_code NOT BETWEEN 200 AND 299)
                    ORDER BY a.id DESC LIMIT 1
                    """, arguments: [partnerID]
            ).map(Self.attempt(from:))
            return DeliveryHealth(
                counts: counts, oldestPendingAt: oldest.map(Self.date), lastDeliveredAt: lastDelivered.map(Self.date),
                lastFailure: failure)
        }
    }

    private static func attempt(from row: Row) -> DeliveryAttempt {
        DeliveryAttempt(
            deliveryID: row["delivery_id"], at: date(row["at"]), statusCode: row["status_code"],
            durationMilliseconds: row["duration_ms"], error: row["error"], responseBody: row["response_body"])
    }

    static func delivery(from row: Row) throws -> Delivery {
        let status = try DeliveryStatus.stored(row["status"], "delivery status")
        let body: Data = row["body"]
        let next: Int64? = row["next_attempt_at"]
        let lease: Int64? = row["lease_until"]
        return Delivery(
            id: row["id"], partnerID: row["partner_id"], eventID: row["event_id"], eventType: EventType(rawValue: row["event_type"]),
            body: Array(body), status: status, attemptCount: row["attempt_count"], nextAttemptAt: next.map(date),
            leaseUntil: lease.map(date), lastStatusCode: row["last_status_code"], lastError: row["last_error"],
            createdAt: date(row["created_at"]), updatedAt: date(row["updated_at"]))
    }
}
