import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
@testable import PasarelaHost
import PasarelaKit
import PasarelaTesting
import ServiceLifecycle
import Testing

/// Outbound attempts are bounded: in time as a whole, in how much of the answer is read, in how
/// many slots slow partners hold, and in how long shutdown waits; and one delivery is never in
/// flight twice.
@Suite("Bounded delivery attempts")
struct DeliveryBoundsTests {
    /// A host's YAML with `partners` (id, URL) on standard signatures and `delivery` settings.
    static func yaml(partners: [(id: String, url: String)], delivery: String, storage: String = "sqlite::memory:") -> String {
        let list = partners.map { #"  - {id: \#($0.id), webhook_url: "\#($0.url)", secret: "\#(DeliveryTests.standardSecret)", scheme: standard}"# }
        return TestHost.defaultYAML.replacingOccurrences(of: "sqlite::memory:", with: storage) + """


            identity: chuwue-grill
            delivery: {allow_private_networks: true, \(delivery)}
            partners:
            \(list.joined(separator: "\n"))
            """
    }

    static func send(_ client: some TestClientProtocol, to partner: String) async throws -> String {
        try await DeliveryTests().send(client, to: partner)
    }

    static func status(_ client: some TestClientProtocol, _ id: String) async throws -> String? {
        try await DeliveryTests().delivery(client, id)["status"]?.stringValue
    }

    @Test("a partner that trickles its body for ever: the attempt ends at the bound, its 200 stands, and it is POSTed once")
    func trickleIsBounded() async throws {
        let receiver = SlowReceiver(.trickle(bytes: 1, every: .milliseconds(100)))
        try await receiver.run { url in
            let host = try await TestHost.make(
                yaml: Self.yaml(partners: [("acme", url)], delivery: "schedule: [0, 0, 0], timeout_seconds: 2, lease_seconds: 3"))
            try await host.application.test(.router) { client in
                let id = try await Self.send(client, to: "acme")
                #expect(try await eventually(timeout: .seconds(8)) { try await Self.status(client, id) == "delivered" })
                // Past the lease: a delivery still leased to an unfinished attempt would be claimed again by now.
                try await Task.sleep(for: .seconds(4))
                let attempts = try #require(try await DeliveryTests().delivery(client, id)["attempts"]?.arrayValue)
                #expect(attempts.count == 1)
                // The bound is 2 s; a loaded machine may overrun it a little, an unbounded read never ends.
                #expect((attempts.first?["duration_ms"]?.int64Value ?? .max) < 5_000)
                #expect(attempts.first?["response_body"]?.stringValue?.allSatisfy { $0 == "x" } == true)
            }
        }
        #expect(receiver.tally.received.count == 1)
        #expect(receiver.tally.mostOpenForOneID == 1)
    }

    @Test("an answer is read up to delivery.max_response_bytes and no further")
    func answerIsCapped() async throws {
        let receiver = SlowReceiver(.trickle(bytes: 16_384, every: .zero))
        try await receiver.run { url in
            let host = try await TestHost.make(
                yaml: Self.yaml(partners: [("acme", url)], delivery: "schedule: [0], timeout_seconds: 10, max_response_bytes: 1000"))
            try await host.application.test(.router) { client in
                let id = try await Self.send(client, to: "acme")
                #expect(try await eventually { try await Self.status(client, id) == "delivered" })
                let attempt = try await DeliveryTests().delivery(client, id)["attempts"]?.arrayValue?.first
                #expect(attempt?["response_body"]?.stringValue?.utf8.count == 1000)
                // It stopped reading at 1,000 bytes instead of waiting for the endless body until the bound.
                #expect((attempt?["duration_ms"]?.int64Value ?? .max) < 5_000)
            }
        }
    }

    @Test("partners that never answer hold at most half the slots once known, and the others get through")
    func slowPartnersDoNotStarveOthers() async throws {
        let hanging = SlowReceiver(.hang)
        let fast = WebhookReceiver()
        // One port each: a client pools its connections per host and port.
        try await hanging.run(listeners: 8) { hangingURLs in
            try await fast.run { fastURL in
                let slow = hangingURLs.enumerated().map { (id: "slow\($0.offset)", url: $0.element) }
                let host = try await TestHost.make(
                    yaml: Self.yaml(partners: slow + [(id: "fast", url: fastURL)], delivery: "schedule: [0, 600], timeout_seconds: 1, lease_seconds: 5"))
                try await host.application.test(.router) { client in
                    // 320 deliveries to dead partners, 10 rounds of 32 slots if they could hold them all.
                    for partner in slow { for _ in 0..<40 { _ = try await Self.send(client, to: partner.id) } }
                    #expect(try await eventually { hanging.tally.received.count >= 8 })
                    let started = ContinuousClock.now
                    let fastID = try await Self.send(client, to: "fast")
                    #expect(try await eventually(timeout: .seconds(20)) { try await Self.status(client, fastID) == "delivered" })
                    let waited = ContinuousClock.now - started
                    #expect(waited < .seconds(5), "the fast partner waited \(waited)")
                    // Every slow partner has timed out once by now: together they may hold at most 16 slots.
                    try await Task.sleep(for: .seconds(1.5))
                    hanging.resetPeak()
                    try await Task.sleep(for: .seconds(3))
                    #expect(hanging.tally.peakOpen <= 16, "slow partners held \(hanging.tally.peakOpen) slots")
                    print("slow partners: the fast partner waited \(waited); slow partners then held at most \(hanging.tally.peakOpen) slots")
                }
            }
        }
    }

    @Test("graceful shutdown waits for an attempt at most its bound, then leaves the delivery due")
    func shutdownIsBounded() async throws {
        try await withTemporaryDirectory { directory in
            let database = "\(directory.path)/host.sqlite"
            let receiver = SlowReceiver(.hang)
            let elapsed = try await receiver.run { url in
                let yaml = Self.yaml(
                    partners: [("acme", url)], delivery: "schedule: [0, 600], timeout_seconds: 20, lease_seconds: 60",
                    storage: "sqlite:\(database)") + "\nserver: {port: 0}"
                let host = try await TestHost.make(yaml: yaml)
                let now = Date()
                try await host.storage.insertDeliveries([
                    Delivery(
                        id: "dlv_drain", partnerID: "acme", eventID: "evt_drain", eventType: "event.updated", body: Array("{}".utf8),
                        status: .pending, nextAttemptAt: now.addingTimeInterval(-60), createdAt: now, updatedAt: now)
                ])
                var logger = Logger(label: "pasarela.test")
                logger.logLevel = .critical
                let group = ServiceGroup(configuration: .init(services: [host.application], logger: logger))
                return try await withThrowingTaskGroup(of: Void.self) { tasks in
                    tasks.addTask { try await group.run() }
                    #expect(try await eventually { receiver.tally.received.count == 1 })
                    let started = ContinuousClock.now
                    await group.triggerGracefulShutdown()
                    try await tasks.waitForAll()
                    return ContinuousClock.now - started
                }
            }
            #expect(elapsed < .seconds(10), "shutdown took \(elapsed)")
            print("shutdown with an attempt that never ends took \(elapsed)")
            let reopened = try SQLiteStorage(path: database)
            let delivery = try #require(try await reopened.delivery(id: "dlv_drain"))
            #expect(delivery.status == .pending)
            #expect(delivery.leaseUntil == nil)
            #expect((delivery.nextAttemptAt ?? .distantFuture) <= Date())
            #expect(try await reopened.attempts(deliveryID: "dlv_drain").first?.error?.hasPrefix("interrupted") == true)
            try await reopened.close()
        }
    }

    @Test(
        "two hosts on one PostgreSQL database: a partner that trickles its body gets each delivery once, never twice at once",
        .enabled(if: PostgresTestDatabase.isAvailable))
    func twoHostsNeverDouble() async throws {
        let receiver = SlowReceiver(.trickle(bytes: 1, every: .milliseconds(100)))
        try await PostgresTestDatabase.withSchema { databaseURL in
            try await receiver.run { url in
                let yaml = Self.yaml(
                    partners: [("acme", url)], delivery: "schedule: [0, 5, 5], timeout_seconds: 2, lease_seconds: 4", storage: databaseURL)
                // One clock for both, as hosts share the time of day: a frozen clock each would put them seconds apart.
                let clock = FakeClock(now: Date())
                let first = try await TestHost.make(yaml: yaml, clock: clock)
                let second = try await TestHost.make(
                    yaml: yaml.replacingOccurrences(of: "identity: chuwue-grill", with: "identity: other-host"), clock: clock)
                try await first.application.test(.router) { one in
                    try await second.application.test(.router) { two in
                        var ids: [String] = []
                        for _ in 0..<6 {
                            ids.append(try await Self.send(one, to: "acme"))
                            ids.append(try await Self.send(two, to: "acme"))
                        }
                        let delivered = try await eventually(timeout: .seconds(30)) {
                            for id in ids {
                                if try await Self.status(one, id) != "delivered" { return false }
                            }
                            return true
                        }
                        #expect(delivered)
                        // Past the lease: an attempt that outlived its claim would have been sent again.
                        try await Task.sleep(for: .seconds(3))
                    }
                }
                try? await first.storage.close()
                try? await second.storage.close()
            }
        }
        print("two hosts: \(receiver.tally.received.count) POSTs for 12 deliveries, at most \(receiver.tally.mostOpenForOneID) open at once for one")
        #expect(receiver.tally.received.count == 12)
        #expect(Set(receiver.tally.received).count == 12)
        #expect(receiver.tally.mostOpenForOneID == 1)
    }

    @Test("a delivery takes one slot at most; partners without answers get one slot each and half the slots together")
    func slots() {
        func delivery(_ id: String, _ partner: String) -> Delivery {
            Delivery(
                id: id, partnerID: partner, eventID: "evt_\(id)", eventType: "event.updated", body: [], status: .pending, nextAttemptAt: nil,
                createdAt: Date(), updatedAt: Date())
        }
        var slots = DeliverySlots(total: 8, perPartner: 4)
        let first = slots.take(delivery("dlv_1", "a"))
        let again = slots.take(delivery("dlv_1", "a"))
        #expect(first && !again, "claimed again after its lease ran out, yet still in flight")
        #expect(slots.free == 7)
        slots.release(delivery("dlv_1", "a"), answered: false)
        #expect(slots.isEmpty)
        #expect(slots.claimCounts["a"] == 3)
        for partner in ["b", "c", "d", "e", "f"] {
            _ = slots.take(delivery("dlv_\(partner)", partner))
            slots.release(delivery("dlv_\(partner)", partner), answered: false)
        }
        #expect(slots.claimCounts.values.filter { $0 < 4 }.count == 4)
        _ = slots.take(delivery("dlv_2", "a"))
        #expect(slots.claimCounts["a"] == 4)
        slots.release(delivery("dlv_2", "a"), answered: true)
        #expect(slots.claimCounts["a"] == nil)
    }

    @Test("delivery.max_response_bytes defaults to 65536 and is checked")
    func maxResponseBytesKey() throws {
        let loader = ConfigurationLoader(environment: [:])
        #expect(try loader.load(yaml: TestHost.defaultYAML).delivery.maxResponseBytes == 65_536)
        #expect(try loader.load(yaml: TestHost.defaultYAML + "\ndelivery: {max_response_bytes: 10}").delivery.maxResponseBytes == 10)
        #expect(throws: ConfigurationError.self) { try loader.load(yaml: TestHost.defaultYAML + "\ndelivery: {max_response_bytes: -1}") }
    }
}
