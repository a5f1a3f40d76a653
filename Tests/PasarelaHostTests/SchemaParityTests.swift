import Foundation
import GRDB
@testable import PasarelaHost
import PostgresNIO
import Testing

/// The two backends' migrations are kept by hand, one list each; this holds them to one schema:
/// the same tables, with the same columns, and the same named indexes.
@Suite("SQLite and PostgreSQL schemas", .enabled(if: PostgresTestDatabase.isAvailable, "needs PASARELA_TEST_POSTGRES_URL (.ci/run sets it)"))
struct SchemaParityTests {
    /// A schema as compared: each table's columns, and the indexes made by migrations.
    struct Schema: Equatable {
        var columns: [String: Set<String>] = [:]
        var indexes: Set<String> = []
    }

    /// Each backend's own bookkeeping of which migrations ran.
    static let migrationTables: Set<String> = ["grdb_migrations", "pasarela_migrations"]

    static func sqliteSchema() throws -> Schema {
        let storage = try SQLiteStorage(path: ":memory:")
        return try storage.database.read { db in
            var schema = Schema()
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            for table in tables where !migrationTables.contains(table) {
                schema.columns[table] = Set(try db.columns(in: table).map(\.name))
            }
            // Indexes a migration created (not the ones SQLite makes for UNIQUE and PRIMARY KEY).
            schema.indexes = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"))
            return schema
        }
    }

    static func postgresSchema(_ storage: PostgresStorage) async throws -> Schema {
        try await storage.withConnection { connection in
            var schema = Schema()
            let columns = try await connection.query(
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()",
                logger: PostgresTestDatabase.logger)
            for try await (table, column) in columns.decode((String, String).self) where !migrationTables.contains(table) {
                schema.columns[table, default: []].insert(column)
            }
            // Indexes a migration created (not the ones PostgreSQL makes for UNIQUE and PRIMARY KEY).
            let indexes = try await connection.query(
                """
                SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname NOT IN (
                    SELECT conname FROM pg_constraint WHERE connamespace = current_schema()::regnamespace)
                """, logger: PostgresTestDatabase.logger)
            for try await name in indexes.decode(String.self) { schema.indexes.insert(name) }
            return schema
        }
    }

    @Test("both backends end their migrations at the same tables, columns and indexes")
    func sameSchema() async throws {
        let sqlite = try Self.sqliteSchema()
        #expect(sqlite.columns.count > 10 && sqlite.indexes.count > 3)
        try await PostgresTestDatabase.withStorage { storage in
            let postgres = try await Self.postgresSchema(storage)
            for table in Set(sqlite.columns.keys).union(postgres.columns.keys).sorted() {
                #expect(sqlite.columns[table] == postgres.columns[table], "table \(table)")
            }
            #expect(sqlite.indexes.subtracting(postgres.indexes).isEmpty, "only SQLite has \(sqlite.indexes.subtracting(postgres.indexes).sorted())")
            #expect(postgres.indexes.subtracting(sqlite.indexes).isEmpty, "only PostgreSQL has \(postgres.indexes.subtracting(sqlite.indexes).sorted())")
        }
    }
}
