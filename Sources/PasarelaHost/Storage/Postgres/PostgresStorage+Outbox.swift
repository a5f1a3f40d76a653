import Foundation
import Logging
import PasarelaKit
import PostgresNIO

extension PostgresStorage {
    public func insertDeliveries(_ deliveries: [Delivery]) async throws {
        try await withTransaction { connection in try await Self.insert(deliveries, on: connection, logger: logger) }
    }

    static func insert(_ deliveries: [Delivery], on connection: PostgresConnection, logger: Logger) async throws {
        for delivery in deliveries {
            try await connection.run(
                """
                INSERT INTO deliveries (id, partner_id, event_id, event_type, body, status, attempt_count, next_attempt_at,
                    lease_until, last_status_code, last_error, created_at, updated_at)
                VALUES (\(delivery.id), \(delivery.partnerID), \(delivery.eventID), \(delivery.eventType.rawValue),
                    \(Data(delivery.body)), \(delivery.status.rawValue), \(delivery.attemptCount),
                    \(delivery.nextAttemptAt.map(micros)), \(delivery.leaseUntil.map(micros)), \(delivery.lastStatusCode),
                    \(delivery.lastError), \(micros(delivery.createdAt)), \(micros(delivery.updatedAt)))
                """, logger: logger)
        }
    }

    public func delivery(id: String) async throws -> Delivery? {
        try await withConnection { connection in
            try await connection.rows("SELECT * FROM deliveries WHERE id = \(id)", logger: logger).first.map(Self.delivery(from:))
        }
    }

    public func deliveries(_ query: DeliveryQuery) async throws -> [Delivery] {
        let page = Self.page(
            of: "deliveries", filters: [("partner_id", query.filter.partnerID), ("status", query.filter.status?.rawValue)], cursor: query.cursor,
            limit: query.limit)
        return try await withConnection { connection in
            try await connection.rows(page, logger: logger).map(Self.delivery(from:))
        }
    }

    public func deliveries(partnerID: String, createdIn range: ClosedRange<Date>, eventTypes: [String]) async throws -> [Delivery] {
        let limit = SQLiteStorage.replayLimit
        return try await withConnection { connection in
            try await connection.rows(
                """
                SELECT * FROM deliveries WHERE id IN (
                    SELECT MIN(id) FROM deliveries
                    WHERE partner_id = \(partnerID) AND created_at BETWEEN \(Self.micros(range.lowerBound)) AND \(Self.micros(range.upperBound))
                    GROUP BY event_id
                ) ORDER BY id LIMIT \(limit)
                """, logger: logger
            ).map(Self.delivery(from:)).filter { eventTypes.isEmpty || eventTypes.contains($0.eventType.rawValue) }
        }
    }

    public func attempts(deliveryID: String) async throws -> [DeliveryAttempt] {
        try await withConnection { connection in
            try await connection.rows("SELECT * FROM delivery_attempts WHERE delivery_id = \(deliveryID) ORDER BY id", logger: logger)
                .map(Self.attempt(from:))
        }
    }

    /// Like SQLite's (``DeliveryClaim``), but safe with several hosts: the candidates are locked
    /// `FOR UPDATE SKIP LOCKED` and leased in one statement, so a delivery another host is claiming
    /// is passed over, and one it has claimed is no longer due (its lease holds) when this host
    /// looks at it again.
    public func claimDueDeliveries(now: Date, leaseUntil: Date, limit: Int, perPartner: Int, inFlight: [String: Int]) async throws
        -> [Delivery]
    {
        let now = Self.micros(now)
        let lease = Self.micros(leaseUntil)
        // One transaction: the candidates stay locked from their reading to their lease, so another
        // host's claim meanwhile passes over them (SKIP LOCKED) instead of choosing the same ones.
        return try await withTransaction { connection in
            let partners = try await connection.rows(PostgresQuery(unsafeSQL: DeliveryClaim.partnersWithPendingSQL()), logger: logger)
                .map { try $0.value("partner_id", as: String.self) }
                .map { ($0, DeliveryClaim.room(for: $0, perPartner: perPartner, inFlight: inFlight)) }.filter { $0.1 > 0 }
            guard !partners.isEmpty else { return [] }
            let chosen = try await connection.rows(
                Self.candidatesQuery(partners: partners.map(\.0), rooms: partners.map(\.1), now: now, limit: limit), logger: logger
            ).map { try $0.value("id", as: String.self) }
            guard !chosen.isEmpty else { return [] }
            // One statement, so atomic: each row is locked and checked again, as another host may
            // have claimed it since it was read.
            return try await connection.rows(
                """
                UPDATE deliveries SET lease_until = \(lease) WHERE id IN (
                    SELECT id FROM deliveries
                    WHERE id = ANY(\(chosen)) AND status = 'pending' AND next_attempt_at <= \(now)
                        AND (lease_until IS NULL OR lease_until < \(now))
                        AND partner_id NOT IN (\(unescaped: DeliveryClaim.heldPartnersSQL))
                    FOR UPDATE SKIP LOCKED)
                RETURNING *
                """, logger: logger
            ).map(Self.delivery(from:)).sorted { ($0.nextAttemptAt ?? .distantPast, $0.id) < ($1.nextAttemptAt ?? .distantPast, $1.id) }
        }
    }

    /// The `limit` fairest (``DeliveryClaim/fairest(_:limit:)``; a rank less the room orders as the
    /// load does) among each partner's oldest due deliveries (as many as its room), read
    /// from the claim's index: a few rows per partner, whatever the backlog.
    static func candidatesQuery(partners: [String], rooms: [Int], now: Int64, limit: Int) -> PostgresQuery {
        """
        SELECT candidate.id FROM unnest(\(partners)::text[], \(rooms)::bigint[]) AS partner(id, room)
        CROSS JOIN LATERAL (
            SELECT id, next_attempt_at, row_number() OVER (ORDER BY next_attempt_at, id) AS rank FROM (
                SELECT id, next_attempt_at FROM deliveries
                WHERE partner_id = partner.id AND status = 'pending' AND next_attempt_at <= \(now)
                    AND (lease_until IS NULL OR lease_until < \(now))
                ORDER BY next_attempt_at, id LIMIT partner.room
                FOR UPDATE SKIP LOCKED
            ) oldest
        ) candidate
        ORDER BY candidate.rank - partner.room, candidate.next_attempt_at, candidate.id LIMIT \(limit)
        """
    }

    /// Two statements for the whole batch, whatever its size: one round trip per record was most
    /// of a PostgreSQL host's time recording attempts.
    public func recordAttempts(_ records: [RecordedAttempt]) async throws -> [Bool] {
        guard !records.isEmpty else { return [] }
        return try await withTransaction { connection in
            try await connection.run(Self.attemptsInsert(records.map(\.attempt)), logger: logger)
            let updated = try await connection.rows(Self.deliveriesUpdate(records.map(\.delivery)), logger: logger)
                .map { try $0.value("position", as: Int.self) }
            let written = Set(updated)
            return records.indices.map(written.contains)
        }
    }

    /// `INSERT … VALUES (…), (…)`: every attempt, in order.
    static func attemptsInsert(_ attempts: [DeliveryAttempt]) -> PostgresQuery {
        var binds = PostgresBindings(capacity: attempts.count * 6)
        for attempt in attempts {
            binds.append(attempt.deliveryID)
            binds.append(micros(attempt.at))
            binds.append(attempt.statusCode.map(Int64.init))
            binds.append(Int64(attempt.durationMilliseconds))
            binds.append(attempt.error)
            binds.append(attempt.responseBody)
        }
        return PostgresQuery(
            unsafeSQL: "INSERT INTO delivery_attempts (delivery_id, at, status_code, duration_ms, error, response_body) VALUES "
                + valueRows(attempts.count, types: ["text", "bigint", "bigint", "bigint", "text", "text"]), binds: binds)
    }

    /// `count` rows of placeholders for a `VALUES` list, `$1` on, each cast to its column's type:
    /// `($1::text, $2::bigint), ($3::text, $4::bigint)`.
    static func valueRows(_ count: Int, types: [String]) -> String {
        (0..<count).map { row in
            "(" + types.enumerated().map { "$\(row * types.count + $0 + 1)::\($1)" }.joined(separator: ", ") + ")"
        }.joined(separator: ", ")
    }

    /// Each delivery's new state, written where its lease still holds; returns the positions
    /// (0-based, in `deliveries`) of those written.
    static func deliveriesUpdate(_ deliveries: [Delivery]) -> PostgresQuery {
        var binds = PostgresBindings(capacity: deliveries.count * 9)
        for (position, delivery) in deliveries.enumerated() {
            binds.append(Int64(position))
            binds.append(delivery.id)
            binds.append(delivery.status.rawValue)
            binds.append(Int64(delivery.attemptCount))
            binds.append(delivery.nextAttemptAt.map(micros))
            binds.append(delivery.lastStatusCode.map(Int64.init))
            binds.append(delivery.lastError)
            binds.append(micros(delivery.updatedAt))
            binds.append(delivery.leaseUntil.map(micros))
        }
        let rows = valueRows(deliveries.count, types: ["bigint", "text", "text", "bigint", "bigint", "bigint", "text", "bigint", "bigint"])
        return PostgresQuery(
            unsafeSQL: """
                UPDATE deliveries AS delivery SET status = new.status, attempt_count = new.attempt_count,
                    next_attempt_at = new.next_attempt_at, lease_until = NULL, last_status_code = new.last_status_code,
                    last_error = new.last_error, updated_at = new.updated_at
                FROM (VALUES \(rows)) AS new(position, id, status, attempt_count, next_attempt_at,
                    last_status_code, last_error, updated_at, lease)
                WHERE delivery.id = new.id AND delivery.lease_until = new.lease
                RETURNING new.position
                """, binds: binds)
    }

    public func requeueDelivery(id: String, now: Date) async throws -> Delivery? {
        let now = Self.micros(now)
        return try await withTransaction { connection in
            try await connection.run(
                """
                UPDATE deliveries SET status = 'pending', next_attempt_at = \(now), lease_until = NULL, updated_at = \(now)
                WHERE id = \(id) AND status != 'delivered' AND (lease_until IS NULL OR lease_until < \(now))
                """, logger: logger)
            return try await connection.rows("SELECT * FROM deliveries WHERE id = \(id)", logger: logger).first
                .map(Self.delivery(from:))
        }
    }

    public func pendingDeliveries() async throws -> PendingDeliveries {
        try await withConnection { connection in
            let row = try await connection.rows(
                """
                SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM deliveries
                WHERE status = 'pending' AND partner_id IN (SELECT id FROM partners)
                """, logger: logger
            ).first
            return PendingDeliveries(
                count: Int(try row?.value("n", as: Int64.self) ?? 0), oldestCreatedAt: try row?.value("oldest", as: Int64?.self).map(Self.date))
        }
    }

    public func deliveryHealth(partnerID: String) async throws -> DeliveryHealth {
        try await withConnection { connection in
            var counts: [DeliveryStatus: Int] = [:]
            for row in try await connection.rows(
                "SELECT status, COUNT(*) AS n FROM deliveries WHERE partner_id = \(partnerID) GROUP BY status", logger: logger)
            {
                if let status = DeliveryStatus(rawValue: try row.value("status")) { counts[status] = try row.value("n") }
            }
            let times = try await connection.rows(
                """
                SELECT
                    (SELECT MIN(created_at) FROM deliveries WHERE partner_id = \(partnerID) AND status = 'pending') AS oldest,
                    (SELECT MAX(updated_at) FROM deliveries WHERE partner_id = \(partnerID) AND status = 'delivered') AS last_delivered
                """, logger: logger
            ).first
            let oldest = try times?.value("oldest", as: Int64?.self)
            let lastDelivered = try times?.value("last_delivered", as: Int64?.self)
            let failure = try await connection.rows(
                """
                SELECT a.* FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
                WHERE d.partner_id = \(partnerID) AND (a.status_code IS NULL OR a.status_code NOT BETWEEN 200 AND 299)
                ORDER BY a.id DESC LIMIT 1
                """, logger: logger
            ).first.map(Self.attempt(from:))
            return DeliveryHealth(
                counts: counts, oldestPendingAt: oldest.map(Self.date), lastDeliveredAt: lastDelivered.map(Self.date),
                lastFailure: failure)
        }
    }

    private static func attempt(from row: PostgresRandomAccessRow) throws -> DeliveryAttempt {
        DeliveryAttempt(
            deliveryID: try row.value("delivery_id"), at: date(try row.value("at")), statusCode: try row.value("status_code"),
            durationMilliseconds: try row.value("duration_ms"), error: try row.value("error"),
            responseBody: try row.value("response_body"))
    }

    static func delivery(from row: PostgresRandomAccessRow) throws -> Delivery {
        let statusText = try row.value("status", as: String.self)
        let status = try DeliveryStatus.stored(statusText, "delivery status")
        let next = try row.value("next_attempt_at", as: Int64?.self)
        let lease = try row.value("lease_until", as: Int64?.self)
        return Delivery(
            id: try row.value("id"), partnerID: try row.value("partner_id"), eventID: try row.value("event_id"),
            eventType: EventType(rawValue: try row.value("event_type")), body: Array(try row.value("body", as: Data.self)),
            status: status, attemptCount: try row.value("attempt_count"), nextAttemptAt: next.map(date), leaseUntil: lease.map(date),
            lastStatusCode: try row.value("last_status_code"), lastError: try row.value("last_error"),
            createdAt: date(try row.value("created_at")), updatedAt: date(try row.value("updated_at")))
    }
}
