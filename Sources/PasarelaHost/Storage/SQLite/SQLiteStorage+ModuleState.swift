import Foundation
import GRDB
import PasarelaKit

extension SQLiteStorage {
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
                        INSERT OR REPLACE INTO inbox_handler_runs (event_id, handler, succeeded, attempts, last_error, skipped)
                        VALUES (?, ?, 1, ?, NULL, ?)
                        """, arguments: [handled.eventID, handled.handler, attempts + 1, SkippedEmission.storedText(commit.skipped)])
            }
            return true
        }
    }

    public func exclusively<Result: Sendable>(scope: String, _ body: () async throws -> Result) async throws -> Result {
        try await body()
    }
}
