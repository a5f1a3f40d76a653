import Foundation
import Logging
@testable import PasarelaHost
import ServiceLifecycle
import Testing

/// A storage is a service: it serves while it runs, may run again after a cancelled run, and a
/// graceful shutdown of its service group closes it.
@Suite("Storage as a service")
struct StorageLifecycleTests {
    @Test("a cancelled run leaves the storage open to run again; a graceful shutdown closes it", arguments: StorageBackend.available)
    func runsAgainThenShutsDown(backend: StorageBackend) async throws {
        try await backend.withDatabase { url in
            let storage = try await StorageFactory.open(url: url, logger: PostgresTestDatabase.logger)
            try await storage.whileRunning { try await storage.insertPayment(StorageSuite.payment("pay_1"), events: [], inbox: []) }
            let read = try await storage.whileRunning { try await storage.payment(id: "pay_1") }
            #expect(read == StorageSuite.payment("pay_1"))

            let group = ServiceGroup(configuration: .init(services: [storage], logger: PostgresTestDatabase.logger))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                try await storage.ping()
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            await #expect(throws: StorageError.self) { try await storage.ping() }
        }
    }

    @Test("PostgreSQL connects only while the storage runs, and one storage runs once at a time", .enabled(if: PostgresTestDatabase.isAvailable))
    func postgresConnectsWhileRunning() async throws {
        try await PostgresTestDatabase.withSchema { url in
            let storage = try await PostgresStorage(url: url, logger: PostgresTestDatabase.logger)
            await #expect(throws: PostgresStorageError.self) { try await storage.ping() }
            try await withRunningStorages([storage]) {
                try await storage.ping()
                await #expect(throws: StorageError.self) { try await storage.run() }
                try await storage.ping()
            }
        }
    }
}
