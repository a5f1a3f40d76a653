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
                let insertions = try await write { connection in try await Self.insert(events, on: connection, logger: logger) }
                completion(.success(insertions))
            } catch {
                completion(.failure(error))
            }
        }
    }

    /// Inserts `events`, each unless its partner sent its dedupe key before; an event that another
    /// transaction is inserting at the same time waits for it and is then a duplicate.
    static func insert(_ events: [InboxEvent], on connection: PostgresConnection, logger: Logger) async throws -> [InboxInsertion] {
        var insertions: [InboxInsertion] = []
        for event in events {
            let nextAttempt = event.status == .received ? micros(event.receivedAt) : nil
            let inserted = try await connection.rows(
                """
                INSERT INTO inbox (id, partner_id, dedupe_key, event_type, partner_event_id, body, status, received_at,
                    next_attempt_at)
                VALUES (\(event.id), \(event.partnerID), \(event.dedupeKey), \(event.eventType.rawValue), \(event.partnerEventID),
                    \(Data(event.body)), \(event.status.rawValue), \(micros(event.receivedAt)), \(nextAttempt))
                ON CONFLICT (partner_id, dedupe_key) DO NOTHING
                RETURNING id
                """, logger: logger)
            guard inserted.isEmpty else {
                insertions.append(.inserted)
                continue
            }
            let first = try await connection.rows(
                "SELECT id FROM inbox WHERE partner_id = \(event.partnerID) AND dedupe_key = \(event.dedupeKey)", logger: logger
            ).first
            guard let first else { throw StorageError.corrupt("inbox insert for \(event.id) neither stored nor found") }
            insertions.append(.duplicate(firstID: try first.value("id")))
        }
        return insertions
    }

    public func inboxEvent(id: String) async throws -> InboxEvent? {
        try await read { connection in
            try await connection.rows("SELECT * FROM inbox WHERE id = \(id)", logger: logger).first.map(Self.inboxEvent(from:))
        }
    }

    public func inboxEvents(_ query: InboxQuery) async throws -> [InboxEvent] {
        let page = Self.page(
            of: "inbox", filters: [("partner_id", query.partnerID), ("event_type", query.eventType)], cursor: query.cursor,
            limit: query.limit)
        return try await read { connection in
            try await connection.rows(page, logger: logger).map(Self.inboxEvent(from:))
        }
    }

    public func dueInboxEvents(now: Date, limit: Int) async throws -> [InboxEvent] {
        try await read { connection in
            try await connection.rows(
                """
                SELECT * FROM inbox WHERE next_attempt_at <= \(Self.micros(now)) AND status IN ('received', 'failed')
                ORDER BY next_attempt_at, id LIMIT \(limit)
                """, logger: logger
            ).map(Self.inboxEvent(from:))
        }
    }

    public func handlerRuns(eventID: String) async throws -> [InboxHandlerRun] {
        try await read { connection in
            try await connection.rows("SELECT * FROM inbox_handler_runs WHERE event_id = \(eventID) ORDER BY handler", logger: logger)
                .map { row in
                    InboxHandlerRun(
                        eventID: try row.value("event_id"), handler: try row.value("handler"), succeeded: try row.value("succeeded"),
                        attempts: try row.value("attempts"), lastError: try row.value("last_error"))
                }
        }
    }

    public func recordHandling(eventID: String, runs: [InboxHandlerRun], status: InboxStatus, nextAttemptAt: Date?) async throws {
        try await write { connection in
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
        guard let status = InboxStatus(rawValue: statusText) else { throw StorageError.corrupt("inbox status \(statusText)") }
        return InboxEvent(
            id: try row.value("id"), partnerID: try row.value("partner_id"), dedupeKey: try row.value("dedupe_key"),
            eventType: EventType(rawValue: try row.value("event_type")), partnerEventID: try row.value("partner_event_id"),
            body: Array(try row.value("body", as: Data.self)), status: status, receivedAt: date(try row.value("received_at")))
    }
}
