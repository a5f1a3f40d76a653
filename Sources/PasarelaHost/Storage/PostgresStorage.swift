import Foundation
import Logging
import PasarelaKit
import PostgresNIO
import Synchronization

/// ``PasarelaStorage`` on PostgreSQL (PostgresNIO): a pool of connections to one database, with
/// the same schema and behaviour as ``SQLiteStorage``. Several hosts may share the database: each
/// outbox delivery is claimed by one host at a time, and migrations run one host at a time.
public final class PostgresStorage: PasarelaStorage {
    let client: PostgresClient
    /// A pool of its own for the connections that hold advisory locks (``exclusively(scope:_:)``),
    /// so that bodies run under a lock always find a connection for their queries in ``client``,
    /// however many locks are held or waited for.
    let lockClient: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>
    private let closed = Mutex(false)

    /// How long an unfinished idempotent request keeps its key before another may take it over.
    static let idempotencyLease = SQLiteStorage.idempotencyLease
    /// How many advisory locks one host holds at once; more wait for a connection of their own.
    static let maximumLockConnections = 8
    /// How long ``ping()`` waits for the database.
    static let pingTimeout: Duration = .seconds(5)

    /// Connects to the database a `postgres://user:password@host:port/database` URL names (see
    /// ``PostgresLocation`` for its parameters) and runs pending migrations.
    public convenience init(url: String, logger: Logger = Logger(label: "pasarela.storage")) async throws {
        try await self.init(location: PostgresLocation(url: url), logger: logger)
    }

    init(location: PostgresLocation, logger: Logger) async throws {
        // Migrations run on a connection of their own, so a database that cannot be reached fails
        // the start at once, and closing it lets go of the migration lock whatever happened.
        let connection = try await PostgresConnection.connect(
            configuration: try location.connectionConfiguration(), id: 0, logger: logger)
        do {
            try await PostgresMigrations.migrate(connection, logger: logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
        let configuration = try location.clientConfiguration()
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        var lockConfiguration = configuration
        lockConfiguration.options.maximumConnections = Self.maximumLockConnections
        let lockClient = PostgresClient(configuration: lockConfiguration, backgroundLogger: logger)
        self.client = client
        self.lockClient = lockClient
        self.logger = logger
        // Detached, so the pools live until close() and not until some graceful shutdown they happen to inherit.
        runner = Task.detached {
            await withDiscardingTaskGroup { group in
                group.addTask { await client.run() }
                group.addTask { await lockClient.run() }
            }
        }
    }

    /// The pool, or ``StorageError/closed`` once ``close()`` has run.
    var pool: PostgresClient {
        get throws {
            guard !closed.withLock({ $0 }) else { throw StorageError.closed }
            return client
        }
    }

    /// The pool for advisory locks, or ``StorageError/closed`` once ``close()`` has run.
    var lockPool: PostgresClient {
        get throws {
            _ = try pool
            return lockClient
        }
    }

    public func ping() async throws {
        let pool = try self.pool
        let logger = self.logger
        do {
            try await Deadline.wait(Self.pingTimeout) {
                try await pool.withConnection { connection in
                    _ = try await connection.query("SELECT 1", logger: logger).collect()
                }
            }
        } catch is Deadline.Exceeded {
            throw PostgresStorageError.unreachable
        }
    }

    public func close() async throws {
        let wasOpen = closed.withLock { isClosed in
            defer { isClosed = true }
            return !isClosed
        }
        guard wasOpen else { return }
        runner.cancel()
        await runner.value
    }

    deinit {
        runner.cancel()
    }

    // MARK: Running queries

    /// Runs `body` on one connection, outside a transaction.
    func withConnection<Result: Sendable>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        do {
            return try await pool.withConnection { connection in try await body(connection) }
        } catch {
            throw Self.unwrapped(error)
        }
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws (with
    /// its own error, not a wrapper).
    func withTransaction<Result: Sendable>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        let logger = self.logger
        do {
            return try await pool.withConnection { connection in
                _ = try await connection.query("BEGIN", logger: logger).collect()
                let result: Result
                do {
                    result = try await body(connection)
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger).collect()
                    throw error
                }
                _ = try await connection.query("COMMIT", logger: logger).collect()
                return result
            }
        } catch {
            throw Self.unwrapped(error)
        }
    }

    /// What went wrong, for a person: PostgresNIO's errors describe themselves only as "generic", to
    /// keep queries out of logs. `password` is masked wherever it shows up.
    static func describe(_ error: any Error, hiding password: String?) -> String {
        var text: String
        if let error = unwrapped(error) as? PSQLError {
            if error.code == .sslUnsupported {
                text = "the server does not support TLS, which the URL's sslmode requires"
            } else if let message = error.serverInfo?[.message] {
                text = "\(message) (SQLSTATE \(error.serverInfo?[.sqlState] ?? "?"))"
            } else if let underlying = error.underlying {
                text = "\(error.code): \(underlying)"
            } else {
                text = "\(error.code)"
            }
        } else {
            text = "\(unwrapped(error))"
        }
        if let password, !password.isEmpty {
            text = text.replacingOccurrences(of: password, with: "****")
        }
        return text
    }

    /// The error inside PostgresNIO's transaction wrapper, if that is what `error` is.
    static func unwrapped(_ error: any Error) -> any Error {
        if let transaction = error as? PostgresTransactionError, let inner = transaction.closureError ?? transaction.commitError {
            return inner
        }
        return error
    }

    // MARK: Payments

    public func insertPayment(_ payment: Payment, events: [PaymentEventRecord], inbox: [InboxEvent]) async throws {
        let metadata = try StoredPayment.metadataText(payment.metadata)
        try await withTransaction { connection in
            try await connection.run(
                """
                INSERT INTO payments (id, instance, provider_payment_id, status, amount_minor, currency,
                    refunded_minor, description, metadata, customer_email, customer_name, failure_code,
                    failure_message, provider_status, created_at, updated_at)
                VALUES (\(payment.id), \(payment.instance), \(payment.providerPaymentID), \(payment.status.rawValue),
                    \(payment.amount.minor), \(payment.amount.currency.code), \(payment.refundedMinor), \(payment.description),
                    \(metadata), \(payment.customer?.email), \(payment.customer?.name), \(payment.failureCode),
                    \(payment.failureMessage), \(payment.providerStatus), \(Self.micros(payment.createdAt)),
                    \(Self.micros(payment.updatedAt)))
                """, logger: logger)
            try await Self.insert(events, on: connection, logger: logger)
            _ = try await Self.insert(inbox, on: connection, logger: logger)
        }
    }

    public func updatePayment(_ payment: Payment, refund: Refund?, events: [PaymentEventRecord], inbox: [InboxEvent]) async throws {
        try await withTransaction { connection in
            try await connection.run(
                """
                UPDATE payments SET status = \(payment.status.rawValue), refunded_minor = \(payment.refundedMinor),
                    failure_code = \(payment.failureCode), failure_message = \(payment.failureMessage),
                    provider_status = \(payment.providerStatus), updated_at = \(Self.micros(payment.updatedAt))
                WHERE id = \(payment.id)
                """, logger: logger)
            if let refund {
                try await connection.run(
                    """
                    INSERT INTO refunds (id, payment_id, provider_refund_id, amount_minor, currency, status, reason, created_at)
                    VALUES (\(refund.id), \(refund.paymentID), \(refund.providerRefundID), \(refund.amount.minor),
                        \(refund.amount.currency.code), \(refund.status.rawValue), \(refund.reason), \(Self.micros(refund.createdAt)))
                    ON CONFLICT (id) DO UPDATE SET status = excluded.status
                    """, logger: logger)
            }
            try await Self.insert(events, on: connection, logger: logger)
            _ = try await Self.insert(inbox, on: connection, logger: logger)
        }
    }

    public func payment(id: String) async throws -> Payment? {
        try await withConnection { connection in
            try await connection.rows("SELECT * FROM payments WHERE id = \(id)", logger: logger).first.map(Self.payment(from:))
        }
    }

    public func payment(instance: String, providerPaymentID: String) async throws -> Payment? {
        try await withConnection { connection in
            try await connection.rows(
                "SELECT * FROM payments WHERE instance = \(instance) AND provider_payment_id = \(providerPaymentID)", logger: logger
            ).first.map(Self.payment(from:))
        }
    }

    public func payments(_ query: PaymentQuery) async throws -> [Payment] {
        let page = Self.page(
            of: "payments", filters: [("instance", query.filter.instance), ("status", query.filter.status?.rawValue)], cursor: query.cursor,
            limit: query.limit)
        return try await withConnection { connection in
            try await connection.rows(page, logger: logger).map(Self.payment(from:))
        }
    }

    public func refunds(paymentID: String) async throws -> [Refund] {
        try await withConnection { connection in
            try await connection.rows("SELECT * FROM refunds WHERE payment_id = \(paymentID) ORDER BY id", logger: logger)
                .map(Self.refund(from:))
        }
    }

    public func paymentEvents(paymentID: String) async throws -> [PaymentEventRecord] {
        try await withConnection { connection in
            try await connection.rows("SELECT * FROM payment_events WHERE payment_id = \(paymentID) ORDER BY id", logger: logger)
                .map(Self.event(from:))
        }
    }

    // MARK: Provider events

    public func providerEventApplied(instance: String, eventID: String) async throws -> Bool {
        try await withConnection { connection in
            try await !connection.rows(
                "SELECT 1 FROM provider_events WHERE instance = \(instance) AND event_id = \(eventID)", logger: logger
            ).isEmpty
        }
    }

    public func recordProviderEvent(_ event: ProviderEventRecord) async throws {
        try await withConnection { connection in
            try await connection.run(
                """
                INSERT INTO provider_events (instance, event_id, type, provider_payment_id, payment_id, received_at)
                VALUES (\(event.instance), \(event.eventID), \(event.type.rawValue), \(event.providerPaymentID), \(event.paymentID),
                    \(Self.micros(event.receivedAt)))
                ON CONFLICT (instance, event_id) DO NOTHING
                """, logger: logger)
        }
    }

    // MARK: Rows

    /// A newest-first page of `table`: rows matching every non-nil filter, with ids below `cursor`.
    static func page(of table: String, filters: [(column: String, value: String?)], cursor: String?, limit: Int) -> PostgresQuery {
        var conditions: [String] = []
        var binds = PostgresBindings()
        for (column, value) in filters {
            guard let value else { continue }
            binds.append(value)
            conditions.append("\(column) = $\(binds.count)")
        }
        if let cursor {
            binds.append(cursor)
            conditions.append("id < $\(binds.count)")
        }
        binds.append(limit)
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return PostgresQuery(unsafeSQL: "SELECT * FROM \(table) \(filter) ORDER BY id DESC LIMIT $\(binds.count)", binds: binds)
    }

    private static func insert(_ events: [PaymentEventRecord], on connection: PostgresConnection, logger: Logger) async throws {
        for event in events {
            try await connection.run(
                """
                INSERT INTO payment_events (id, payment_id, type, status, previous_status, source, provider_event_id, occurred_at)
                VALUES (\(event.id), \(event.paymentID), \(event.type.rawValue), \(event.status.rawValue),
                    \(event.previousStatus?.rawValue), \(event.source.rawValue), \(event.providerEventID),
                    \(micros(event.occurredAt)))
                """, logger: logger)
        }
    }

    private static func payment(from row: PostgresRandomAccessRow) throws -> Payment {
        let email = try row.value("customer_email", as: String?.self)
        let name = try row.value("customer_name", as: String?.self)
        let metadataText = try row.value("metadata", as: String.self)
        return Payment(
            id: try row.value("id"), instance: try row.value("instance"), providerPaymentID: try row.value("provider_payment_id"),
            status: try StoredPayment.status(row.value("status")),
            amount: Money(minor: try row.value("amount_minor"), currency: try Currency(code: row.value("currency"))),
            refundedMinor: try row.value("refunded_minor"), description: try row.value("description"),
            metadata: try JSONDecoder().decode([String: String].self, from: Data(metadataText.utf8)),
            customer: email == nil && name == nil ? nil : Customer(email: email, name: name),
            failureCode: try row.value("failure_code"), failureMessage: try row.value("failure_message"),
            providerStatus: try row.value("provider_status"), createdAt: date(try row.value("created_at")),
            updatedAt: date(try row.value("updated_at")))
    }

    private static func refund(from row: PostgresRandomAccessRow) throws -> Refund {
        let statusText = try row.value("status", as: String.self)
        guard let status = RefundStatus(rawValue: statusText) else { throw StorageError.corrupt("refund status \(statusText)") }
        return Refund(
            id: try row.value("id"), paymentID: try row.value("payment_id"), providerRefundID: try row.value("provider_refund_id"),
            amount: Money(minor: try row.value("amount_minor"), currency: try Currency(code: row.value("currency"))), status: status,
            reason: try row.value("reason"), createdAt: date(try row.value("created_at")))
    }

    private static func event(from row: PostgresRandomAccessRow) throws -> PaymentEventRecord {
        let previous = try row.value("previous_status", as: String?.self)
        let sourceText = try row.value("source", as: String.self)
        guard let source = PaymentEventSource(rawValue: sourceText) else { throw StorageError.corrupt("event source \(sourceText)") }
        return PaymentEventRecord(
            id: try row.value("id"), paymentID: try row.value("payment_id"), type: EventType(rawValue: try row.value("type")),
            status: try StoredPayment.status(row.value("status")), previousStatus: try previous.map(StoredPayment.status), source: source,
            providerEventID: try row.value("provider_event_id"), occurredAt: date(try row.value("occurred_at")))
    }


    static func micros(_ date: Date) -> Int64 { SQLiteStorage.micros(date) }

    static func date(_ micros: Int64) -> Date { SQLiteStorage.date(micros) }
}

/// Why the PostgreSQL storage could not answer.
enum PostgresStorageError: Error, CustomStringConvertible {
    case unreachable

    var description: String {
        switch self {
        case .unreachable: return "the database did not answer in time"
        }
    }
}

extension PostgresConnection {
    /// Runs `query` and returns its rows.
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRandomAccessRow] {
        try await self.query(query, logger: logger).collect().map { $0.makeRandomAccess() }
    }

    /// Runs `query`, ignoring any rows.
    func run(_ query: PostgresQuery, logger: Logger) async throws {
        _ = try await self.query(query, logger: logger).collect()
    }
}

extension PostgresRandomAccessRow {
    /// The value of `column`, decoded as `type`.
    func value<Value: PostgresDecodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        try self[column].decode(Value.self)
    }
}
