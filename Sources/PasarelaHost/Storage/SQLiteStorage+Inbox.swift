import Foundation
import GRDB
import PasarelaKit

extension SQLiteStorage {
    public func insertInboxEvents(_ events: [InboxEvent]) async throws -> [InboxInsertion] {
        try await writer.write { db in
            let lookup = try db.cachedStatement(sql: "SELECT id FROM inbox WHERE partner_id = ? AND dedupe_key = ?")
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO inbox (id, partner_id, dedupe_key, event_type, partner_event_id, body, status, received_at,
                        next_attempt_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            return try events.map { event in
                if let first = try String.fetchOne(lookup, arguments: [event.partnerID, event.dedupeKey]) {
                    return .duplicate(firstID: first)
                }
                try insert.execute(arguments: [
                    event.id, event.partnerID, event.dedupeKey, event.eventType.rawValue, event.partnerEventID, Data(event.body),
                    event.status.rawValue, Self.micros(event.receivedAt),
                    event.status == .received ? Self.micros(event.receivedAt) : nil,
                ])
                return .inserted
            }
        }
    }

    public func inboxEvent(id: String) async throws -> InboxEvent? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM inbox WHERE id = ?", arguments: [id]).map(Self.inboxEvent(from:))
        }
    }

    public func inboxEvents(_ query: InboxQuery) async throws -> [InboxEvent] {
        let page = Self.page(
            of: "inbox", filters: [("partner_id", query.partnerID), ("event_type", query.eventType)], cursor: query.cursor,
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
                    SELECT * FROM inbox WHERE status IN ('received', 'failed') AND next_attempt_at <= ?
                    ORDER BY next_attempt_at LIMIT ?
                    """, arguments: [Self.micros(now), limit]
            ).map(Self.inboxEvent(from:))
        }
    }

    public func handlerRuns(eventID: String) async throws -> [InboxHandlerRun] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM inbox_handler_runs WHERE event_id = ? ORDER BY handler", arguments: [eventID])
                .map { row in
                    InboxHandlerRun(
                        eventID: row["event_id"], handler: row["handler"], succeeded: row["succeeded"], attempts: row["attempts"],
                        lastError: row["last_error"])
                }
        }
    }

    public func recordHandling(eventID: String, runs: [InboxHandlerRun], status: InboxStatus, nextAttemptAt: Date?) async throws {
        try await writer.write { db in
            for run in runs {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO inbox_handler_runs (event_id, handler, succeeded, attempts, last_error)
                        VALUES (?, ?, ?, ?, ?)
                        """, arguments: [run.eventID, run.handler, run.succeeded, run.attempts, run.lastError])
            }
            try db.execute(
                sql: "UPDATE inbox SET status = ?, next_attempt_at = ? WHERE id = ?",
                arguments: [status.rawValue, nextAttemptAt.map(Self.micros), eventID])
        }
    }

    private static func inboxEvent(from row: Row) throws -> InboxEvent {
        guard let status = InboxStatus(rawValue: row["status"]) else {
            throw StorageError.corrupt("inbox status \(String(describing: row["status"]))")
        }
        let body: Data = row["body"]
        return InboxEvent(
            id: row["id"], partnerID: row["partner_id"], dedupeKey: row["dedupe_key"], eventType: EventType(rawValue: row["event_type"]),
            partnerEventID: row["partner_event_id"], body: Array(body), status: status, receivedAt: date(row["received_at"]))
    }
}
