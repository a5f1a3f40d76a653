import Foundation
import HummingbirdTesting
import PasarelaBench
@testable import PasarelaHost
import PasarelaKit
import Testing

/// `pasarela bench outbound` against a live host: its figures are what really happened.
@Suite("Outbound benchmark")
struct OutboundBenchmarkTests {
    /// Up to twelve attempts, none waiting (the test host's clock stands still).
    static let yaml = PartnerWebhookTests.yaml(delivery: "schedule: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]")

    @Test("live and from a backlog: every event delivered once, failed attempts counted, delays measured", arguments: [false, true])
    func delivers(backlog: Bool) async throws {
        let host = try await TestHost.make(yaml: Self.yaml)
        try await host.application.test(.live) { client in
            let report = try await OutboundBenchmark.run(
                .init(
                    url: "http://127.0.0.1:\(try #require(client.port))", token: TestHost.adminToken, events: 60, partners: 3, connections: 4,
                    backlog: backlog, failureRatio: backlog ? 0 : 0.3, receiverPort: try HostProcess.freePort(), timeout: .seconds(60)))
            #expect(report.acceptedCount == 60)
            #expect(report.deliveredCount == 60)
            #expect(report.sentTwice == 0)
            if backlog {
                #expect(report.attempts == 60)
            } else {
                #expect(report.attempts > 60, "a 500 to about 30 % of attempts means more attempts than events")
            }
            #expect(report.firstAttemptDelays.count == 60)
            // The receiver's 200s come before the host records them.
            #expect(try await eventually { try await host.storage.deliveries(DeliveryQuery(DeliveryFilter(status: .delivered), limit: 100)).count == 60 })
            let stored = try await host.storage.deliveries(DeliveryQuery(DeliveryFilter(status: .delivered), limit: 100))
            #expect(Set(stored.map(\.partnerID)).count == 3)
        }
    }

    @Test("a run that lasts over a second prints progress lines: queued, delivered, attempts")
    func progress() async throws {
        let host = try await TestHost.make(yaml: Self.yaml)
        try await host.application.test(.live) { client in
            let lines = Shared<[String]>([])
            // 30 events at 20 a second: about 1.5 s, so at least one line.
            let report = try await OutboundBenchmark.run(
                .init(
                    url: "http://127.0.0.1:\(try #require(client.port))", token: TestHost.adminToken, events: 30, partners: 1, rate: 20,
                    receiverPort: try HostProcess.freePort(), timeout: .seconds(30), progress: { line in lines.update { $0.append(line) } }))
            #expect(report.deliveredCount == 30)
            let seen = lines.get()
            #expect(!seen.isEmpty)
            #expect(seen.allSatisfy { $0.hasPrefix("queued ") && $0.contains("/30, delivered ") && $0.contains(", attempts ") }, "\(seen)")
        }
    }

    @Test("a host that refuses the token is reported, not waited for")
    func refused() async throws {
        let host = try await TestHost.make(yaml: Self.yaml)
        try await host.application.test(.live) { client in
            await #expect(throws: PasarelaError.self) {
                try await OutboundBenchmark.run(
                    .init(url: "http://127.0.0.1:\(try #require(client.port))", token: "wrong", events: 5, partners: 1, receiverPort: try HostProcess.freePort()))
            }
        }
    }
}

