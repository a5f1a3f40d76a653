import Foundation
import Logging
import PasarelaKit
import PostgresNIO

extension PostgresStorage {
    public func insertInboxEvents(
        _ events: [InboxEvent], completion: @escaping @Sendable (Result<[InboxInsertion], any Error>) -> Void
    ) {
        // From a task, so `completion` never runs before this call returns.
        Task {
            do {
                let logger = self.logger
                let insertions = try await withTransaction { connection in try await Self.insert(events, on: connection, logger: logger) }
                completion(.success(insertions))
            } catch {
                completion(.failure(error))
            }
        }
    }

    /// Inserts `events`, each unless its partner sent its dedupe key before (earlier in `events`
    /// included), in one statement: a group commit of many webhooks costs two round trips, not one
    /// per webhook. An event that another transaction is inserting at the same time waits for it and
    /// is then a duplicate.
    static func insert(_ events: [InboxEvent], on connection: PostgresConnection, logger: Logger) async throws -> [InboxInsertion] {
        guard !events.isEmpty else { return [] }
        let ids = events.map(\.id)
        let partners = events.map(\.partnerID)
        let dedupeKeys = events.map(\.dedupeKey)
        let inserted = try await connection.rows(
            """
            INSERT INTO inbox (id, partner_id, dedupe_key, event_type, partner_event_id, body, status, received_at, next_attempt_at)
            SELECT id, partner_id, dedupe_key, event_type, CASE WHEN has_partner_event_id THEN partner_event_id END, body, status,
                received_at, CASE WHEN due THEN received_at END
            FROM unnest(
                \(ids)::text[], \(partners)::text[], \(dedupeKeys)::text[], \(events.map(\.eventType.rawValue))::text[],
                \(events.map { $0.partnerEventID ?? "" })::text[], \(events.map { $0.partnerEventID != nil })::boolean[],
                \(events.map { ByteBuffer(bytes: $0.body) })::bytea[], \(events.map(\.status.rawValue))::text[],
                \(events.map { micros($0.receivedAt) })::bigint[], \(events.map { $0.status == .received })::boolean[]
            ) WITH ORDINALITY AS batch (id, partner_id, dedupe_key, event_type, partner_event_id, has_partner_event_id, body,
                status, received_at, due, position)
            ORDER BY position
            ON CONFLICT (partner_id, dedupe_key) DO NOTHING
            RETURNING id
            """, logger: logger)
        let insertedIDs = Set(try inserted.map { try $0.value("id", as: String.self) })
        guard insertedIDs.count < events.count else { return events.map { _ in .inserted } }
        // The first event of each dedupe key that was not inserted: stored before, or earlier in this batch.
        let duplicates = events.filter { !insertedIDs.contains($0.id) }
        var firstIDs: [String: String] = [:]
        for row in try await connection.rows(
            """
            SELECT inbox.id, inbox.partner_id, inbox.dedupe_key
            FROM inbox JOIN unnest(\(duplicates.map(\.partnerID))::text[], \(duplicates.map(\.dedupeKey))::text[]) AS wanted (partner_id, dedupe_key)
                ON inbox.partner_id = wanted.partner_id AND inbox.dedupe_key = wanted.dedupe_key
            """, logger: logger)
        {
            firstIDs[Self.dedupeIdentity(try row.value("partner_id"), try row.value("dedupe_key"))] = try row.value("id")
        }
        return try events.map { event in
            if insertedIDs.contains(event.id) { return .inserted }
            guard let first = firstIDs[Self.dedupeIdentity(event.partnerID, event.dedupeKey)] else {
                throw StorageError.corrupt("inbox insert for \(event.id) neither stored nor found")
            }
            return .duplicate(firstID: first)
        }
    }

    /// One string per (partner, dedupe key) pair.
    private static func dedupeIdentity(_ partnerID: String, _ dedupeKey: String) -> String {
        "\(partnerID.utf8.count):\(partnerID)\(dedupeKey)"
    }

    public func inboxEvent(id: String) async throws -> InboxEvent? {
        try await withConnection { connection in
            try await connection.rows("SELECT * FROM inbox WHERE id = \(id)", logger: logger).first.map(Self.inboxEvent(from:))
        }
    }

    public func inboxEvents(_ query: InboxQuery) async throws -> [InboxEvent] {
        let page = Self.page(
            of: "inbox", filters: [("partner_id", query.filter.partnerID), ("event_type", query.filter.eventType)], cursor: query.cursor,
            limit: query.limit)
        return try await withConnection { connection in
            try await connection.rows(page, logger: logger).map(Self.inboxEvent(from:))
        }
    }

    public func dueInboxEvents(now: Date, limit: Int) async throws -> [InboxEvent] {
        try await withConnection { connection in
            try await connection.rows(
                """
                SELECT * FROM inbox WHERE next_attempt_at <= \(Self.micros(now)) AND status IN ('received', 'failed')
                ORDER BY next_attempt_at, id LIMIT \(limit)
                """, logger: logger
            ).map(Self.inboxEvent(from:))
        }
    }

    public func claimDueInboxEvents(now: Date, leaseUntil: Date, limit: Int) async throws -> [InboxEvent] {
        try await withConnection { connection in
            try await connection.rows(
                """
                UPDATE inbox SET next_attempt_at = \(Self.micros(leaseUntil)) WHERE id IN (
                    SELECT id FROM inbox WHERE next_attempt_at <= \(Self.micros(now)) AND status IN ('received', 'failed')
                    ORDER BY next_attempt_at, id LIMIT \(limit) FOR UPDATE SKIP LOCKED)
                RETURNING *
                """, logger: logger
            ).map(Self.inboxEvent(from:)).sorted { ($0.receivedAt, $0.id) < ($1.receivedAt, $1.id) }
        }
    }

    public func renewInboxClaim(eventID: String, heldUntil: Date, until: Date) async throws -> Bool {
        try await withConnection { connection in
            try await connection.rows(
                """
                UPDATE inbox SET next_attempt_at = \(Self.micros(until))
                WHERE id = \(eventID) AND next_attempt_at = \(Self.micros(heldUntil)) AND status IN ('received', 'failed')
                RETURNING id
                """, logger: logger
            ).count == 1
        }
    }

    public func handlerRuns(eventID: String) async throws -> [InboxHandlerRun] {
        try await withConnection { connection in
            try await connection.rows("SELECT * FROM inbox_handler_runs WHERE event_id = \(eventID) ORDER BY handler", logger: logger)
                .map { row in
                    InboxHandlerRun(
                        eventID: try row.value("event_id"), handler: try row.value("handler"), succeeded: try row.value("succeeded"),
                        attempts: try row.value("attempts"), lastError: try row.value("last_error"),
                        skipped: try SkippedEmission.stored(try row.value("skipped", as: String?.self)))
                }
        }
    }

    public func recordHandling(eventID: String, runs: [InboxHandlerRun], status: InboxStatus, nextAttemptAt: Date?) async throws {
        try await withTransaction { connection in
            for run in runs {
                try await connection.run(
                    """
                    INSERT INTO inbox_handler_runs AS run (event_id, handler, succeeded, attempts, last_error)
                    VALUES (\(run.eventID), \(run.handler), \(run.succeeded), \(run.attempts), \(run.lastError))
                    ON CONFLICT (event_id, handler) DO UPDATE SET
                        succeeded = run.succeeded OR excluded.succeeded, attempts = GREATEST(run.attempts, excluded.attempts),
                        last_error = CASE WHEN run.succeeded OR excluded.succeeded THEN NULL ELSE excluded.last_error END
                    """, logger: logger)
            }
            try await connection.run(
                "UPDATE inbox SET status = \(status.rawValue), next_attempt_at = \(nextAttemptAt.map(Self.micros)) WHERE id = \(eventID)",
                logger: logger)
        }
    }

    private static func inboxEvent(from row: PostgresRandomAccessRow) throws -> InboxEvent {
        let statusText = try row.value("status", as: String.self)
        let status = try InboxStatus.stored(statusText, "inbox status")
        return InboxEvent(
            id: try row.value("id"), partnerID: try row.value("partner_id"), dedupeKey: try row.value("dedupe_key"),
            eventType: EventType(rawValue: try row.value("event_type")), partnerEventID: try row.value("partner_event_id"),
            body: Array(try row.value("body", as: Data.self)), status: status, receivedAt: date(try row.value("received_at")))
    }
}
