import Foundation
import GRDB
import PasarelaKit
import Synchronization

/// ``PasarelaStorage`` on SQLite (GRDB): a WAL-mode file, or an in-memory database for tests.
public final class SQLiteStorage: PasarelaStorage {
    let database: any DatabaseWriter
    private let closed = Mutex(false)
    private let checkpointer: WALCheckpointer?

    /// How long a connection waits for another's lock before giving up.
    static let busyTimeoutMilliseconds = 5_000
    static var busyTimeout: TimeInterval { TimeInterval(busyTimeoutMilliseconds) / 1000 }

    /// How long an unfinished idempotent request keeps its key before another may take it over.
    static let idempotencyLease: TimeInterval = 300

    /// Opens (creating if needed) the database at `path`, or an in-memory one for `":memory:"`,
    /// and runs pending migrations; every connection syncs commits as `synchronous` says.
    public init(path: String, synchronous: SQLiteSynchronous = .full) throws {
        let configuration = Self.connectionConfiguration(synchronous: synchronous)
        let inMemory = path == ":memory:"
        let database: any DatabaseWriter =
            inMemory ? try DatabaseQueue(configuration: configuration) : try DatabasePool(path: path, configuration: configuration)
        // A pool's writer switches itself to NORMAL as it turns WAL on, after `prepareDatabase`.
        try database.writeWithoutTransaction { db in try db.execute(sql: synchronous.pragma) }
        try SQLiteMigrations.migrator.migrate(database)
        self.database = database
        // Started only once the database is usable, so a failed open leaves nothing running.
        checkpointer = inMemory ? nil : try WALCheckpointer(path: path, writer: database, configuration: configuration)
    }

    /// The settings of every connection to a database file: its lock timeout, `synchronous`, and
    /// the writer's own checkpoints kept as a backstop.
    static func connectionConfiguration(synchronous: SQLiteSynchronous) -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.prepareDatabase { db in
            try db.execute(sql: synchronous.pragma)
            // Checkpoints (and their fsyncs) run beside the writer, in WALCheckpointer; the
            // writer only checkpoints itself if that falls far behind.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(WALCheckpointer.writerFallbackPages)")
        }
        return configuration
    }

    /// The database, or ``StorageError/closed`` once ``close()`` has run.
    var writer: any DatabaseWriter {
        get throws {
            guard !closed.withLock({ $0 }) else { throw StorageError.closed }
            return database
        }
    }

    public func ping() async throws {
        _ = try await writer.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    public func close() async throws {
        let wasOpen = closed.withLock { isClosed in
            defer { isClosed = true }
            return !isClosed
        }
        guard wasOpen else { return }
        await checkpointer?.stop()
        try database.close()
    }

    // MARK: Payments

    public func insertPayment(_ payment: Payment, events: [PaymentEventRecord], inbox: [InboxEvent]) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO payments (id, instance, provider_payment_id, status, amount_minor, currency,
                        refunded_minor, description, metadata, customer_email, customer_name, failure_code,
                        failure_message, provider_status, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    payment.id, payment.instance, payment.providerPaymentID, payment.status.rawValue,
                    payment.amount.minor, payment.amount.currency.code, payment.refundedMinor, payment.description,
                    try StoredPayment.metadataText(payment.metadata), payment.customer?.email, payment.customer?.name,
                    payment.failureCode, payment.failureMessage, payment.providerStatus,
                    Self.micros(payment.createdAt), Self.micros(payment.updatedAt),
                ])
            try Self.insert(events, into: db)
            _ = try Self.insert(inbox, into: db)
        }
    }

    public func updatePayment(_ payment: Payment, refund: Refund?, events: [PaymentEventRecord], inbox: [InboxEvent]) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE payments SET status = ?, refunded_minor = ?, failure_code = ?, failure_message = ?,
                        provider_status = ?, updated_at = ?
                    WHERE id = ?
                    """,
                arguments: [
                    payment.status.rawValue, payment.refundedMinor, payment.failureCode, payment.failureMessage,
                    payment.providerStatus, Self.micros(payment.updatedAt), payment.id,
                ])
            if let refund {
                try db.execute(
                    sql: """
                        INSERT INTO refunds (id, payment_id, provider_refund_id, amount_minor, currency, status, reason, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (id) DO UPDATE SET status = excluded.status
                        """,
                    arguments: [
                        refund.id, refund.paymentID, refund.providerRefundID, refund.amount.minor,
                        refund.amount.currency.code, refund.status.rawValue, refund.reason, Self.micros(refund.createdAt),
                    ])
            }
            try Self.insert(events, into: db)
            _ = try Self.insert(inbox, into: db)
        }
    }

    public func payment(id: String) async throws -> Payment? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM payments WHERE id = ?", arguments: [id]).map(Self.payment(from:))
        }
    }

    public func payment(instance: String, providerPaymentID: String) async throws -> Payment? {
        try await writer.read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM payments WHERE instance = ? AND provider_payment_id = ?",
                arguments: [instance, providerPaymentID]
            ).map(Self.payment(from:))
        }
    }

    public func payments(_ query: PaymentQuery) async throws -> [Payment] {
        let page = Self.page(
            of: "payments", filters: [("instance", query.filter.instance), ("status", query.filter.status?.rawValue)], cursor: query.cursor,
            limit: query.limit)
        return try await writer.read { db in
            try Row.fetchAll(db, sql: page.sql, arguments: page.arguments).map(Self.payment(from:))
        }
    }

    public func refunds(paymentID: String) async throws -> [Refund] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM refunds WHERE payment_id = ? ORDER BY id", arguments: [paymentID])
                .map(Self.refund(from:))
        }
    }

    public func paymentEvents(paymentID: String) async throws -> [PaymentEventRecord] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM payment_events WHERE payment_id = ? ORDER BY id", arguments: [paymentID])
                .map(Self.event(from:))
        }
    }

    // MARK: Provider events

    public func providerEventApplied(instance: String, eventID: String) async throws -> Bool {
        try await writer.read { db in
            try Bool.fetchOne(
                db, sql: "SELECT 1 FROM provider_events WHERE instance = ? AND event_id = ?", arguments: [instance, eventID]
            ) ?? false
        }
    }

    public func recordProviderEvent(_ event: ProviderEventRecord) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO provider_events (instance, event_id, type, provider_payment_id, payment_id, received_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    event.instance, event.eventID, event.type.rawValue, event.providerPaymentID, event.paymentID,
                    Self.micros(event.receivedAt),
                ])
        }
    }

    // MARK: Idempotency

    public func reserveIdempotencyKey(_ key: IdempotencyKey, requestHash: String, now: Date) async throws
        -> IdempotencyReservation
    {
        try await writer.write { db in
            let existing = try Row.fetchOne(
                db, sql: "SELECT * FROM idempotency_keys WHERE scope = ? AND key = ?", arguments: [key.scope, key.key])
            if let existing {
                let storedHash: String = existing["request_hash"]
                guard storedHash == requestHash else { return .mismatch }
                if let status: Int = existing["response_status"] {
                    let body: Data = existing["response_body"] ?? Data()
                    return .completed(StoredResponse(status: status, body: Array(body)))
                }
                let createdAt: Int64 = existing["created_at"]
                guard Self.micros(now) - createdAt > Int64(Self.idempotencyLease * 1_000_000) else { return .inProgress }
                try db.execute(
                    sql: "UPDATE idempotency_keys SET created_at = ? WHERE scope = ? AND key = ?",
                    arguments: [Self.micros(now), key.scope, key.key])
                return .reserved
            }
            try db.execute(
                sql: "INSERT INTO idempotency_keys (scope, key, request_hash, created_at) VALUES (?, ?, ?, ?)",
                arguments: [key.scope, key.key, requestHash, Self.micros(now)])
            return .reserved
        }
    }

    public func completeIdempotencyKey(_ key: IdempotencyKey, response: StoredResponse) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE idempotency_keys SET response_status = ?, response_body = ? WHERE scope = ? AND key = ?",
                arguments: [response.status, Data(response.body), key.scope, key.key])
        }
    }

    public func releaseIdempotencyKey(_ key: IdempotencyKey) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND response_status IS NULL",
                arguments: [key.scope, key.key])
        }
    }

    // MARK: Settings and module values

    public func setting(_ name: String) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM settings WHERE name = ?", arguments: [name])
        }
    }

    public func insertSettingIfAbsent(_ name: String, value: String) async throws -> String {
        try await writer.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO settings (name, value) VALUES (?, ?)", arguments: [name, value])
            return try String.fetchOne(db, sql: "SELECT value FROM settings WHERE name = ?", arguments: [name]) ?? value
        }
    }

    public func moduleValue(scope: String, key: String) async throws -> [UInt8]? {
        try await writer.read { db in
            try Data.fetchOne(db, sql: "SELECT value FROM module_values WHERE scope = ? AND key = ?", arguments: [scope, key])
                .map(Array.init)
        }
    }

    public func setModuleValue(_ value: [UInt8], scope: String, key: String) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO module_values (scope, key, value) VALUES (?, ?, ?)",
                arguments: [scope, key, Data(value)])
        }
    }

    public func removeModuleValue(scope: String, key: String) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM module_values WHERE scope = ? AND key = ?", arguments: [scope, key])
        }
    }

    public func moduleValues(scope: String, keyPrefix: String) async throws -> [ModuleValue] {
        try await writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT key, value FROM module_values WHERE scope = ? AND substr(key, 1, length(?)) = ? ORDER BY key",
                arguments: [scope, keyPrefix, keyPrefix]
            ).map { row in ModuleValue(key: row["key"], value: Array(row["value"] as Data)) }
        }
    }

    public func commitPackChanges(_ commit: PackCommit) async throws -> Bool {
        try await writer.write { db in
            var attempts = 0
            if let handled = commit.handled,
                let earlier = try Row.fetchOne(
                    db, sql: "SELECT succeeded, attempts FROM inbox_handler_runs WHERE event_id = ? AND handler = ?",
                    arguments: [handled.eventID, handled.handler])
            {
                guard !(earlier["succeeded"] as Bool) else { return false }
                attempts = earlier["attempts"]
            }
            for (key, value) in commit.writes {
                if let value {
                    try db.execute(
                        sql: "INSERT OR REPLACE INTO module_values (scope, key, value) VALUES (?, ?, ?)",
                        arguments: [commit.scope, key, Data(value)])
                } else {
                    try db.execute(sql: "DELETE FROM module_values WHERE scope = ? AND key = ?", arguments: [commit.scope, key])
                }
            }
            try Self.insert(commit.deliveries, into: db)
            if let handled = commit.handled {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO inbox_handler_runs (event_id, handler, succeeded, attempts, last_error)
                        VALUES (?, ?, 1, ?, NULL)
                        """, arguments: [handled.eventID, handled.handler, attempts + 1])
            }
            return true
        }
    }

    // MARK: Rows

    /// A newest-first page of `table`: rows matching every non-nil filter, with ids below `cursor`.
    static func page(of table: String, filters: [(column: String, value: String?)], cursor: String?, limit: Int)
        -> (sql: String, arguments: StatementArguments)
    {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        for (column, value) in filters {
            guard let value else { continue }
            conditions.append("\(column) = ?")
            arguments += [value]
        }
        if let cursor {
            conditions.append("id < ?")
            arguments += [cursor]
        }
        arguments += [limit]
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return ("SELECT * FROM \(table) \(filter) ORDER BY id DESC LIMIT ?", arguments)
    }

    private static func insert(_ events: [PaymentEventRecord], into db: Database) throws {
        for event in events {
            try db.execute(
                sql: """
                    INSERT INTO payment_events (id, payment_id, type, status, previous_status, source, provider_event_id, occurred_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    event.id, event.paymentID, event.type.rawValue, event.status.rawValue, event.previousStatus?.rawValue,
                    event.source.rawValue, event.providerEventID, micros(event.occurredAt),
                ])
        }
    }

    private static func payment(from row: Row) throws -> Payment {
        let email: String? = row["customer_email"]
        let name: String? = row["customer_name"]
        let metadataText: String = row["metadata"]
        return Payment(
            id: row["id"], instance: row["instance"], providerPaymentID: row["provider_payment_id"],
            status: try StoredPayment.status(row["status"]),
            amount: Money(minor: row["amount_minor"], currency: try Currency(code: row["currency"])),
            refundedMinor: row["refunded_minor"], description: row["description"],
            metadata: try JSONDecoder().decode([String: String].self, from: Data(metadataText.utf8)),
            customer: email == nil && name == nil ? nil : Customer(email: email, name: name),
            failureCode: row["failure_code"], failureMessage: row["failure_message"],
            providerStatus: row["provider_status"], createdAt: date(row["created_at"]), updatedAt: date(row["updated_at"]))
    }

    private static func refund(from row: Row) throws -> Refund {
        guard let status = RefundStatus(rawValue: row["status"]) else {
            throw StorageError.corrupt("refund status \(String(describing: row["status"]))")
        }
        return Refund(
            id: row["id"], paymentID: row["payment_id"], providerRefundID: row["provider_refund_id"],
            amount: Money(minor: row["amount_minor"], currency: try Currency(code: row["currency"])), status: status,
            reason: row["reason"], createdAt: date(row["created_at"]))
    }

    private static func event(from row: Row) throws -> PaymentEventRecord {
        let previous: String? = row["previous_status"]
        guard let source = PaymentEventSource(rawValue: row["source"]) else {
            throw StorageError.corrupt("event source \(String(describing: row["source"]))")
        }
        return PaymentEventRecord(
            id: row["id"], paymentID: row["payment_id"], type: EventType(rawValue: row["type"]),
            status: try StoredPayment.status(row["status"]), previousStatus: try previous.map(StoredPayment.status), source: source,
            providerEventID: row["provider_event_id"], occurredAt: date(row["occurred_at"]))
    }


    static func micros(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    static func date(_ micros: Int64) -> Date {
        Date(timeIntervalSince1970: TimeInterval(micros) / 1_000_000)
    }
}

/// The database holds something this version cannot read.
enum StorageError: Error, CustomStringConvertible {
    case corrupt(String)
    case closed

    var description: String {
        switch self {
        case .corrupt(let what): return "unreadable \(what) in the database"
        case .closed: return "the storage is closed"
        }
    }
}
