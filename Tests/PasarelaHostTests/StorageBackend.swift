import Foundation
@testable import PasarelaHost
import Testing

/// The storage backends a host test runs on: a SQLite file always, PostgreSQL when
/// `PASARELA_TEST_POSTGRES_URL` names one.
enum StorageBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    /// The backends this run can use.
    static var available: [StorageBackend] {
        PostgresTestDatabase.isAvailable ? allCases : [.sqlite]
    }

    var testDescription: String { rawValue }

    /// Runs `body` with the `storage.url` of a new, empty database, removed afterwards.
    func withDatabase(_ body: (_ url: String) async throws -> Void) async throws {
        switch self {
        case .sqlite:
            try await withTemporaryDirectory { directory in try await body("sqlite:\(directory.path)/host.sqlite") }
        case .postgres:
            try await PostgresTestDatabase.withSchema(body)
        }
    }

    /// `yaml` with its `storage: {url: "sqlite::memory:"}` line pointing at `url` instead.
    static func yaml(_ yaml: String, storage url: String) -> String {
        yaml.replacingOccurrences(of: #"storage: {url: "sqlite::memory:"}"#, with: #"storage: {url: "\#(url)"}"#)
    }
}

/// Runs `body` while every one of `storages` runs, and closes them afterwards.
func withRunningStorages(_ storages: [any PasarelaStorage], _ body: () async throws -> Void) async throws {
    do {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for storage in storages { group.addTask { try await storage.run() } }
            defer { group.cancelAll() }
            try await body()
        }
    } catch {
        for storage in storages { try? await storage.close() }
        throw error
    }
    for storage in storages { try await storage.close() }
}
