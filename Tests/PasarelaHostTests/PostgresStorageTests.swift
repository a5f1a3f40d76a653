import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
@testable import PasarelaHost
import PasarelaKit
import PostgresNIO
import Testing

/// The PostgreSQL database the tests may use: `PASARELA_TEST_POSTGRES_URL` (`.ci/run` starts one
/// and sets it). Each test works in a schema of its own, so tests run in parallel and leave nothing.
enum PostgresTestDatabase {
    static let url = ProcessInfo.processInfo.environment["PASARELA_TEST_POSTGRES_URL"]
    static var isAvailable: Bool { url != nil }

    static var logger: Logger {
        var logger = Logger(label: "pasarela.test.postgres")
        logger.logLevel = .critical
        return logger
    }

    /// Runs `body` with the URL of a new, empty schema, and drops the schema afterwards.
    static func withSchema(_ body: (_ url: String) async throws -> Void) async throws {
        let base = try #require(url)
        let schema = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await administer("CREATE SCHEMA \(schema)")
        do {
            try await body(base + (base.contains("?") ? "&" : "?") + "search_path=\(schema)")
        } catch {
            try? await administer("DROP SCHEMA \(schema) CASCADE")
            throw error
        }
        try await administer("DROP SCHEMA \(schema) CASCADE")
    }

    /// Runs one statement on a connection of its own.
    static func administer(_ sql: String) async throws {
        let location = try PostgresLocation(url: try #require(url))
        let connection = try await PostgresConnection.connect(
            configuration: try location.connectionConfiguration(), id: 1, logger: logger)
        do {
            _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).collect()
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    /// Runs `body` with a running storage on a new, empty schema, and closes it afterwards.
    static func withStorage(_ body: (PostgresStorage) async throws -> Void) async throws {
        try await withSchema { url in
            try await withStorages(1, url: url) { storages in try await body(storages[0]) }
        }
    }

    /// Runs `body` with `count` running storages on the database at `url` (hosts sharing it), and
    /// closes them afterwards.
    static func withStorages(_ count: Int, url: String, _ body: ([PostgresStorage]) async throws -> Void) async throws {
        var storages: [PostgresStorage] = []
        for _ in 0..<count { storages.append(try await PostgresStorage(url: url, logger: logger)) }
        try await withRunningStorages(storages) { try await body(storages) }
    }
}

@Suite("PostgreSQL storage", .enabled(if: PostgresTestDatabase.isAvailable, "needs PASARELA_TEST_POSTGRES_URL (.ci/run sets it)"))
struct PostgresStorageTests {
    @Test("the storage suite", arguments: StorageSuite.all.map(\.0))
    func suite(check: String) async throws {
        try await PostgresTestDatabase.withStorage { storage in
            try await StorageSuite.all.first { $0.0 == check }!.1(storage)
        }
    }

    @Test("data survives closing and reopening; migrations run once")
    func reopen() async throws {
        try await PostgresTestDatabase.withSchema { url in
            try await PostgresTestDatabase.withStorages(1, url: url) { first in
                try await first[0].insertPayment(StorageSuite.payment("pay_1"), events: [], inbox: [])
            }
            let second = try await PostgresStorage(url: url, logger: PostgresTestDatabase.logger)
            try await withRunningStorages([second]) {
                #expect(try await second.payment(id: "pay_1") == StorageSuite.payment("pay_1"))
                let migrations = try await second.withConnection { connection in
                    try await connection.rows("SELECT identifier FROM pasarela_migrations", logger: PostgresTestDatabase.logger).count
                }
                #expect(migrations == PostgresMigrations.all.count)
            }
            await #expect(throws: StorageError.self) { try await second.ping() }
        }
    }

    @Test("hosts starting at once on an empty database both migrate it")
    func concurrentMigrations() async throws {
        try await PostgresTestDatabase.withSchema { url in
            let storages = try await withThrowingTaskGroup(of: PostgresStorage.self) { group in
                for _ in 0..<3 {
                    group.addTask { try await PostgresStorage(url: url, logger: PostgresTestDatabase.logger) }
                }
                var storages: [PostgresStorage] = []
                for try await storage in group { storages.append(storage) }
                return storages
            }
            #expect(storages.count == 3)
            try await withRunningStorages(storages) {
                for storage in storages {
                    try await storage.ping()
                    try await storage.insertPartner(
                        Partner(
                            id: "p_\(ObjectIdentifier(storage).hashValue)", name: "P", webhookURL: "http://127.0.0.1:1/",
                            scheme: "standard", secret: "s", origin: .api, createdAt: Date(), updatedAt: Date()))
                }
                #expect(try await storages[0].partners().count == 3)
            }
        }
    }

    @Test("hosts claiming due deliveries at once never get the same one")
    func concurrentClaims() async throws {
        try await PostgresTestDatabase.withSchema { url in
            let now = Date(timeIntervalSince1970: 1_767_225_600)
            try await PostgresTestDatabase.withStorages(2, url: url) { hosts in
                let deliveries = (0..<60).map { index in
                    Delivery(
                        id: String(format: "dlv_%03d", index), partnerID: "partner_\(index % 3)", eventID: "evt_\(index)",
                        eventType: "ledger.recorded", body: Array("{}".utf8), status: .pending,
                        nextAttemptAt: now.addingTimeInterval(-Double(index)), createdAt: now, updatedAt: now)
                }
                try await hosts[0].insertDeliveries(deliveries)
                let claims = try await Self.claimUntilEmpty(hosts) { host in
                    try await host.claimDueDeliveries(now: now, leaseUntil: now.addingTimeInterval(60), limit: 4, perPartner: 100, inFlight: [:])
                        .map(\.id)
                }
                #expect(claims.count == deliveries.count)
                #expect(Set(claims) == Set(deliveries.map(\.id)))
                // Only the holder of the lease may write the outcome.
                let claimed = try #require(try await hosts[1].delivery(id: "dlv_000"))
                var stale = claimed
                stale.leaseUntil = now.addingTimeInterval(30)
                stale.status = .delivered
                let attempt = DeliveryAttempt(deliveryID: "dlv_000", at: now, statusCode: 200, durationMilliseconds: 3, error: nil, responseBody: nil)
                #expect(try await hosts[1].recordAttempt(attempt, updating: stale) == false)
                var holder = claimed
                holder.status = .delivered
                #expect(try await hosts[0].recordAttempt(attempt, updating: holder))
                #expect(try await hosts[1].delivery(id: "dlv_000")?.status == .delivered)
                #expect(try await hosts[1].attempts(deliveryID: "dlv_000").count == 2)
            }
        }
    }

    /// Claims with three workers per host until nothing is left, and returns every id claimed.
    static func claimUntilEmpty(_ hosts: [PostgresStorage], _ claim: @escaping @Sendable (PostgresStorage) async throws -> [String])
        async throws -> [String]
    {
        try await withThrowingTaskGroup(of: [String].self) { group in
            for host in hosts {
                for _ in 0..<3 {
                    group.addTask {
                        var claimed: [String] = []
                        while true {
                            let batch = try await claim(host)
                            if batch.isEmpty { return claimed }
                            claimed += batch
                        }
                    }
                }
            }
            var all: [String] = []
            for try await claimed in group { all += claimed }
            return all
        }
    }

    @Test("hosts claiming due inbox events at once never get the same one")
    func concurrentInboxClaims() async throws {
        try await PostgresTestDatabase.withSchema { url in
            let now = Date(timeIntervalSince1970: 1_767_225_600)
            try await PostgresTestDatabase.withStorages(2, url: url) { hosts in
                let events = (0..<60).map { index in
                    InboxEvent(
                        id: String(format: "evt_%03d", index), partnerID: "acme", dedupeKey: "event:\(index)", eventType: "ledger.entry",
                        partnerEventID: nil, body: Array("{}".utf8), status: .received, receivedAt: now.addingTimeInterval(-Double(index)))
                }
                _ = try await withCheckedThrowingContinuation { reply in hosts[0].insertInboxEvents(events) { reply.resume(with: $0) } }
                let claims = try await Self.claimUntilEmpty(hosts) { host in
                    try await host.claimDueInboxEvents(now: now, leaseUntil: now.addingTimeInterval(60), limit: 4).map(\.id)
                }
                #expect(claims.count == events.count)
                #expect(Set(claims) == Set(events.map(\.id)))
            }
        }
    }

    @Test("work in one scope runs on one host at a time: concurrent read-then-write across hosts loses nothing")
    func exclusiveAcrossHosts() async throws {
        try await PostgresTestDatabase.withSchema { url in
            try await PostgresTestDatabase.withStorages(2, url: url) { hosts in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<20 {
                        let host = hosts[index % 2]
                        group.addTask {
                            try await host.exclusively(scope: "pack/ledger") {
                                let count = try await host.moduleValue(scope: "pack/ledger", key: "counter").map { Int($0[0]) } ?? 0
                                try await Task.sleep(for: .milliseconds(5))
                                try await host.setModuleValue([UInt8(count + 1)], scope: "pack/ledger", key: "counter")
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                #expect(try await hosts[0].moduleValue(scope: "pack/ledger", key: "counter") == [20])
            }
        }
    }

    @Test("hosts racing on one idempotency key, inbox dedupe key or handler run: one wins, the others see it")
    func concurrentWriters() async throws {
        try await PostgresTestDatabase.withSchema { url in
            try await PostgresTestDatabase.withStorages(2, url: url) { hosts in
                let now = Date(timeIntervalSince1970: 1_767_225_600)
                for round in 0..<5 {
                    let key = IdempotencyKey(scope: "POST /payments", key: "k\(round)")
                    let reservations = try await withThrowingTaskGroup(of: IdempotencyReservation.self) { group in
                        for index in 0..<6 {
                            group.addTask { try await hosts[index % 2].reserveIdempotencyKey(key, requestHash: "h", now: now) }
                        }
                        return try await group.reduce(into: []) { $0.append($1) }
                    }
                    #expect(reservations.filter { $0 == .reserved }.count == 1)
                    #expect(reservations.filter { $0 == .inProgress }.count == 5)

                    let insertions = try await withThrowingTaskGroup(of: [InboxInsertion].self) { group in
                        for index in 0..<6 {
                            let event = InboxEvent(
                                id: "evt_\(round)_\(index)", partnerID: "acme", dedupeKey: "event:\(round)", eventType: "ledger.entry",
                                partnerEventID: "\(round)", body: Array("{}".utf8), status: .received, receivedAt: now)
                            group.addTask {
                                try await withCheckedThrowingContinuation { reply in
                                    hosts[index % 2].insertInboxEvents([event]) { reply.resume(with: $0) }
                                }
                            }
                        }
                        return try await group.reduce(into: []) { $0 += $1 }
                    }
                    let winners = insertions.filter { $0 == .inserted }
                    #expect(winners.count == 1)
                    let stored = try await hosts[0].inboxEvents(InboxQuery(.init(partnerID: "acme"))).filter { $0.dedupeKey == "event:\(round)" }
                    #expect(stored.count == 1)
                    let firstID = try #require(stored.first?.id)
                    #expect(insertions.filter { $0 == .duplicate(firstID: firstID) }.count == 5)

                    let committed = try await withThrowingTaskGroup(of: Bool.self) { group in
                        for index in 0..<6 {
                            let commit = PackCommit(
                                scope: "pack/ledger", writes: ["entry/\(round)": [UInt8(index)]],
                                deliveries: [Delivery(
                                    id: "dlv_\(round)_\(index)", partnerID: "acme", eventID: "evt_out_\(round)_\(index)",
                                    eventType: "ledger.recorded", body: Array("{}".utf8), status: .pending, nextAttemptAt: now, createdAt: now,
                                    updatedAt: now)],
                                handled: (eventID: firstID, handler: "ledger"))
                            group.addTask { try await hosts[index % 2].commitPackChanges(commit) }
                        }
                        return try await group.reduce(into: []) { $0.append($1) }
                    }
                    #expect(committed.filter { $0 }.count == 1)
                    #expect(try await hosts[0].deliveries(DeliveryQuery(.init(partnerID: "acme"))).filter { $0.id.hasPrefix("dlv_\(round)_") }.count == 1)
                    #expect(try await hosts[1].handlerRuns(eventID: firstID).map(\.attempts) == [1])
                }
            }
        }
    }

    @Test("a host configured with a postgres:// URL stores and reads payments")
    func hostWiring() async throws {
        try await PostgresTestDatabase.withSchema { url in
            let yaml = TestHost.defaultYAML.replacingOccurrences(of: #"storage: {url: "sqlite::memory:"}"#, with: #"storage: {url: "\#(url)"}"#)
            #expect(yaml.contains("postgres"))
            let host = try await TestHost.make(yaml: yaml)
            #expect(host.storage is PostgresStorage)
            try await host.application.test(.router) { client in
                let created = try await client.send(.post, "/payments", #"{"amount":"12.50","currency":"USD","description":"Cena"}"#)
                #expect(created.status == .created)
                let id = try #require(created.json["id"]?.stringValue)
                let read = try await client.send(.get, "/payments/\(id)")
                #expect(read.status == .ok)
                #expect(read.json.withoutRefunds == created.json)
                #expect(read.json["refunds"] == .array([]))
                let listed = try await client.send(.get, "/payments")
                #expect(listed.status == .ok)
                let ready = try await client.send(.get, "/readyz")
                #expect(ready.status == .ok)
            }
            try await host.storage.close()
        }
    }
}

@Suite("PostgreSQL storage without a server")
struct PostgresUnreachableTests {
    @Test("a batch's VALUES rows number their placeholders on from row to row, each cast to its column's type")
    func valueRows() {
        #expect(PostgresStorage.valueRows(2, types: ["text", "bigint"]) == "($1::text, $2::bigint), ($3::text, $4::bigint)")
        let attempts = (0..<3).map { DeliveryAttempt(deliveryID: "dlv_\($0)", at: Date(), statusCode: nil, durationMilliseconds: 1, error: nil, responseBody: nil) }
        let insert = PostgresStorage.attemptsInsert(attempts)
        #expect(insert.binds.count == 18 && insert.sql.hasSuffix("$18::text)"))
    }

    @Test("a database that cannot be reached fails the start, naming storage.url and hiding the password")
    func unreachable() async throws {
        let error = await #expect(throws: ConfigurationError.self) {
            _ = try await StorageFactory.open(url: "postgres://pasarela:hunter2@127.0.0.1:1/pasarela", logger: PostgresTestDatabase.logger)
        }
        #expect(error?.key == "storage.url")
        #expect(error?.description.contains("hunter2") == false, "\(error?.description ?? "")")
        #expect(error?.description.contains("****") == true, "\(error?.description ?? "")")
    }

    @Test("postgres and postgresql URLs are read with their parts and options")
    func location() throws {
        let location = try PostgresLocation(url: "postgresql://me:p%40ss@db.example:6543/app?sslmode=require&search_path=tenant")
        #expect(location.host == "db.example")
        #expect(location.port == 6543)
        #expect(location.username == "me")
        #expect(location.password == "p@ss")
        #expect(location.database == "app")
        #expect(location.tlsMode == .require)
        #expect(location.searchPath == "tenant")
        let plain = try PostgresLocation(url: "postgres://me@127.0.0.1/app")
        #expect(plain.port == 5432)
        #expect(plain.password == nil)
        #expect(plain.tlsMode == .disable)
    }
}
