import Foundation
import GRDB
import ServiceLifecycle
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

    /// Keeps the storage open until a graceful shutdown, then closes it; a SQLite file needs
    /// nothing running to be used. Cancelled, it returns and leaves the storage open.
    public func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            return
        }
        try await close()
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
}
