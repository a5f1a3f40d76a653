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
}
