import Foundation
import Logging
import PasarelaKit
import PostgresNIO

/// ``PasarelaStorage`` on PostgreSQL (PostgresNIO): pools of connections to one database, with
/// the same schema and behaviour as ``SQLiteStorage``. Several hosts may share the database: each
/// outbox delivery is claimed by one host at a time, and migrations run one host at a time.
///
/// Its pools connect while it runs (``run()``: a `ServiceGroup` service in the host, or
/// ``PasarelaStorage/whileRunning(_:)`` for a while); see ``PostgresPools``.
public final class PostgresStorage: PasarelaStorage {
    let pools: PostgresPools
    let logger: Logger

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
        pools = PostgresPools(configuration: try location.clientConfiguration(), logger: logger)
        self.logger = logger
    }

    /// The pool for queries, or ``StorageError/closed`` once ``close()`` has run.
    var pool: PostgresClient {
        get throws { try pools.queries }
    }

    /// The pool for advisory locks, or ``StorageError/closed`` once ``close()`` has run.
    var lockPool: PostgresClient {
        get throws { try pools.locks }
    }

    /// Runs the connection pools until a graceful shutdown, which closes the storage, or until
    /// cancelled, after which it may run again.
    public func run() async throws {
        try await pools.run()
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
        _ = pools.close()
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
