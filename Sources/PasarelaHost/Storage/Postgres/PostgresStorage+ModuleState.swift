import Foundation
import PasarelaKit
import PostgresNIO

extension PostgresStorage {
    public func setting(_ name: String) async throws -> String? {
        try await withConnection { connection in
            try await connection.rows("SELECT value FROM settings WHERE name = \(name)", logger: logger).first?.value("value")
        }
    }

    public func insertSettingIfAbsent(_ name: String, value: String) async throws -> String {
        try await withConnection { connection in
            try await connection.run(
                "INSERT INTO settings (name, value) VALUES (\(name), \(value)) ON CONFLICT (name) DO NOTHING", logger: logger)
            return try await connection.rows("SELECT value FROM settings WHERE name = \(name)", logger: logger).first?.value("value")
                ?? value
        }
    }

    public func moduleValue(scope: String, key: String) async throws -> [UInt8]? {
        try await withConnection { connection in
            try await connection.rows("SELECT value FROM module_values WHERE scope = \(scope) AND key = \(key)", logger: logger)
                .first.map { Array(try $0.value("value", as: Data.self)) }
        }
    }

    public func setModuleValue(_ value: [UInt8], scope: String, key: String) async throws {
        try await withConnection { connection in try await Self.set(value, scope: scope, key: key, on: connection, logger: logger) }
    }

    public func removeModuleValue(scope: String, key: String) async throws {
        try await withConnection { connection in
            try await connection.run("DELETE FROM module_values WHERE scope = \(scope) AND key = \(key)", logger: logger)
        }
    }

    public func moduleValues(scope: String, keyPrefix: String) async throws -> [ModuleValue] {
        try await withConnection { connection in
            try await connection.rows(
                "SELECT key, value FROM module_values WHERE scope = \(scope) AND starts_with(key, \(keyPrefix)) ORDER BY key",
                logger: logger
            ).map { row in ModuleValue(key: try row.value("key"), value: Array(try row.value("value", as: Data.self))) }
        }
    }

    /// Like SQLite's; the handler run is marked succeeded first, and only if it was not already, so
    /// that of two commits of the same run at once, one writes and the other waits and writes nothing.
    public func commitPackChanges(_ commit: PackCommit) async throws -> Bool {
        try await withTransaction { connection in
            if let handled = commit.handled {
                let marked = try await connection.rows(
                    """
                    INSERT INTO inbox_handler_runs AS run (event_id, handler, succeeded, attempts, last_error, skipped)
                    VALUES (\(handled.eventID), \(handled.handler), TRUE, 1, NULL, \(SkippedEmission.storedText(commit.skipped)))
                    ON CONFLICT (event_id, handler) DO UPDATE SET succeeded = TRUE, attempts = run.attempts + 1, last_error = NULL,
                        skipped = excluded.skipped
                    WHERE NOT run.succeeded
                    RETURNING attempts
                    """, logger: logger)
                guard !marked.isEmpty else { return false }
            }
            for (key, value) in commit.writes.sorted(by: { $0.key < $1.key }) {
                if let value {
                    try await Self.set(value, scope: commit.scope, key: key, on: connection, logger: logger)
                } else {
                    try await connection.run("DELETE FROM module_values WHERE scope = \(commit.scope) AND key = \(key)", logger: logger)
                }
            }
            try await Self.insert(commit.deliveries, on: connection, logger: logger)
            return true
        }
    }

    private static func set(_ value: [UInt8], scope: String, key: String, on connection: PostgresConnection, logger: Logger)
        async throws
    {
        try await connection.run(
            """
            INSERT INTO module_values (scope, key, value) VALUES (\(scope), \(key), \(Data(value)))
            ON CONFLICT (scope, key) DO UPDATE SET value = excluded.value
            """, logger: logger)
    }

    public func exclusively<Result: Sendable>(scope: String, _ body: () async throws -> Result) async throws -> Result {
        let lockPool = try self.lockPool
        let logger = self.logger
        do {
            // The lock belongs to this session: if the host dies, PostgreSQL ends the session and lets go of it.
            return try await lockPool.withConnection { connection in
                _ = try await connection.query("SELECT pg_advisory_lock(hashtextextended(\(scope), 0))", logger: logger).collect()
                let result: Result
                do {
                    result = try await body()
                } catch {
                    _ = try? await connection.query("SELECT pg_advisory_unlock(hashtextextended(\(scope), 0))", logger: logger).collect()
                    throw error
                }
                _ = try await connection.query("SELECT pg_advisory_unlock(hashtextextended(\(scope), 0))", logger: logger).collect()
                return result
            }
        } catch {
            throw Self.unwrapped(error)
        }
    }
}
