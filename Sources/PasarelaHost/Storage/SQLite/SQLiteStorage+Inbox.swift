import Foundation
import GRDB
import PasarelaKit

extension SQLiteStorage {
    public func insertInboxEvents(
        _ events: [InboxEvent], completion: @escaping @Sendable (Result<[InboxInsertion], any Error>) -> Void
    ) {
        let writer: any DatabaseWriter
        do {
            writer = try self.writer
        } catch {
            // Answered from a task, as a write would be: never back into the caller's stack.
            Task { completion(.failure(error)) }
            return
        }
        writer.asyncWrite({ db in try Self.insert(events, into: db) }, completion: { _, result in completion(result) })
    }

    static func insert(_ events: [InboxEvent], into db: Database) throws -> [InboxInsertion] {
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO inbox (id, partner_id, dedupe_key, event_type, partner_event_id, body, status, received_at,
                    next_attempt_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (partner_id, dedupe_key) DO NOTHING
                """)
        return try events.map { event in
            try insert.execute(arguments: [
                event.id, event.partnerID, event.dedupeKey, event.eventType.rawValue, event.partnerEventID, Data(event.body),
                event.status.rawValue, micros(event.receivedAt), event.status == .received ? micros(event.receivedAt) : nil,
            ])
            guard db.changesCount == 0 else { return .inserted }
            let first = try String.fetchOne(
                db, sql: "SELECT id FROM inbox WHERE partner_id = ? AND dedupe_key = ?", arguments: [event.partnerID, event.dedupeKey])
            guard let first else { throw StorageError.corrupt("inbox insert for \(event.id) neither stored nor found") }
            return .duplicate(firstID: first)
        }
    }

    public func inboxEvent(id: String) async throws -> InboxEvent? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM inbox WHERE id = ?", arguments: [id]).map(Self.inboxEvent(from:))
        }
    }

    public func inboxEvents(_ query: InboxQuery) async throws -> [InboxEvent] {
        let page = Self.page(
            of: "inbox", filters: [("partner_id", query.filter.partnerID), ("event_type", query.filter.eventType)], cursor: query.cursor,
            limit: query.limit)
        return try await writer.read { db in
            try Row.fetchAll(db, sql: page.sql, arguments: page.arguments).map(Self.inboxEvent(from:))
        }
    }

    public func dueInboxEvents(now: Date, limit: Int) async throws -> [InboxEvent] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM inbox WHERE next_attempt_at <= ? AND status IN ('received', 'failed')
                    ORDER BY next_attempt_at LIMIT ?
                    """, arguments: [Self.micros(now), limit]
            ).map(Self.inboxEvent(from:))
        }
    }

    public func claimDueInboxEvents(now: Date, leaseUntil: Date, limit: Int) async throws -> [InboxEvent] {
        try await writer.write { db in
            let events = try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM inbox WHERE next_attempt_at <= ? AND status IN ('received', 'failed')
                    ORDER BY next_attempt_at, id LIMIT ?
                    """, arguments: [Self.micros(now), limit]
            ).map(Self.inboxEvent(from:))
            let claim = try db.cachedStatement(sql: "UPDATE inbox SET next_attempt_at = ? WHERE id = ?")
            for event in events { try claim.execute(arguments: [Self.micros(leaseUntil), event.id]) }
            return events
        }
    }

    public func renewInboxClaim(eventID: String, heldUntil: Date, until: Date) async throws -> Bool {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE inbox SET next_attempt_at = ? WHERE id = ? AND next_attempt_at = ? AND status IN ('received', 'failed')",
                arguments: [Self.micros(until), eventID, Self.micros(heldUntil)])
            return db.changesCount > 0
        }
    }

    public func handlerRuns(eventID: String) async throws -> [InboxHandlerRun] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM inbox_handler_runs WHERE event_id = ? ORDER BY handler", arguments: [eventID])
                .map { row in
                    InboxHandlerRun(
                        eventID: row["event_id"], handler: row["handler"], succeeded: row["succeeded"], attempts: row["attempts"],
                        lastError: row["last_error"], skipped: try SkippedEmission.stored(row["skipped"]))
                }
        }
    }

    public func recordHandling(eventID: String, runs: [InboxHandlerRun], status: InboxStatus, nextAttemptAt: Date?) async throws {
        try await writer.write { db in
            for run in runs {
                try db.execute(
                    sql: """
                        INSERT INTO inbox_handler_runs (event_id, handler, succeeded, attempts, last_error)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (event_id, handler) DO UPDATE SET
                            succeeded = MAX(succeeded, excluded.succeeded), attempts = MAX(attempts, excluded.attempts),
                            last_error = CASE WHEN succeeded OR excluded.succeeded THEN NULL ELSE excluded.last_error END
                        """, arguments: [run.eventID, run.handler, run.succeeded, run.attempts, run.lastError])
            }
            try db.execute(
                sql: "UPDATE inbox SET status = ?, next_attempt_at = ? WHERE id = ?",
                arguments: [status.rawValue, nextAttemptAt.map(Self.micros), eventID])
        }
    }

    private static func inboxEvent(from row: Row) throws -> InboxEvent {
        let status = try InboxStatus.stored(row["status"], "inbox status")
        let body: Data = row["body"]
        return InboxEvent(
            id: row["id"], partnerID: row["partner_id"], dedupeKey: row["dedupe_key"], eventType: EventType(rawValue: row["event_type"]),
            partnerEventID: row["partner_event_id"], body: Array(body), status: status, receivedAt: date(row["received_at"]))
    }
}
