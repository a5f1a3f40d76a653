import Foundation
import HummingbirdTesting
import NIOCore
@testable import PasarelaBench
@testable import PasarelaHost
import PasarelaKit
import PasarelaTesting
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
                    backlog: backlog, failureRatio: backlog ? 0 : 0.3, receiverPort: try HostProcess.freePort(), timeout: .seconds(60),
                    hostPID: getpid()))
            #expect(report.acceptedCount == 60)
            #expect(report.deliveredCount == 60)
            #expect(report.sentTwice == 0)
            if backlog {
                #expect(report.attempts == 60)
            } else {
                #expect(report.attempts > 60, "a 500 to about 30 % of attempts means more attempts than events")
            }
            #expect(report.firstAttemptDelays.count == 60)
            // The host runs in this process: its CPU time is this process's.
            #expect((report.hostCPUMicrosecondsPerDelivery ?? 0) > 0)
            #expect((report.hostMemory?.resident ?? 0) > 1_000_000)
            // The receiver's 200s come before the host records them.
            #expect(try await eventually { try await host.storage.deliveries(DeliveryQuery(DeliveryFilter(status: .delivered), limit: 100)).count == 60 })
            let stored = try await host.storage.deliveries(DeliveryQuery(DeliveryFilter(status: .delivered), limit: 100))
            #expect(Set(stored.map(\.partnerID)).count == 3)
            let json = try Self.object(report.json(label: "run-a"))
            #expect(json["kind"] as? String == "outbound" && json["label"] as? String == "run-a")
            #expect(json["delivered"] as? Int == 60 && json["partners"] as? Int == 3 && json["backlog"] as? Bool == backlog)
            #expect(json["attempts"] as? Int == report.attempts && json["sent_twice"] as? Int == 0)
        }
    }

    @Test("the report's arithmetic: rates, attempts per delivery, and delays from each accept to its first attempt")
    func arithmetic() throws {
        let base = NIODeadline.uptimeNanoseconds(1_000_000_000)
        // Five events: accepted at 0, 1, 2, 3 ms and one refused; first attempts 2, 5, 3 ms later and one never.
        let accepted: [NIODeadline?] = [base, base + .milliseconds(1), base + .milliseconds(2), base + .milliseconds(3), nil]
        var tally = OutboundReceiver.Tally(firstArrival: Array(repeating: nil, count: 5), delivered: Array(repeating: false, count: 5))
        (tally.firstArrival[0], tally.firstArrival[1], tally.firstArrival[2]) = (base + .milliseconds(2), base + .milliseconds(6), base + .milliseconds(5))
        (tally.arrivals, tally.deliveredCount, tally.duplicates) = (4, 3, 1)
        let report = OutboundReport(
            options: .init(url: "http://127.0.0.1:1", token: "t", events: 5, partners: 2, receiverLatency: .milliseconds(50)),
            queueSeconds: 0.5, deliverySeconds: 1.5, accepted: accepted, tally: tally, hostMemory: (10_000_000, 12_000_000), hostCPUSeconds: 0.006, databaseBytes: 4096)
        #expect(report.acceptedCount == 4)
        #expect(report.firstAttemptDelays == [2, 3, 5])
        #expect(report.queuedPerSecond == 8)
        #expect(report.deliveriesPerSecond == 2)
        #expect(abs(report.attemptsPerDelivery - 4.0 / 3) < 1e-9)
        #expect(report.summary.contains("queued 4 of 5 events for 2 partners in 0.50 s (8/s)"))
        #expect(report.summary.contains("delivered 3 in 1.50 s: 2 deliveries/s; 1.33 attempts per delivery; 1 sent twice"))
        #expect(report.summary.contains("p50 3.0 ms, p99 5.0 ms, max 5.0 ms"))
        #expect(report.summary.contains("host CPU: 0.0 s, 2000 µs per delivery"))
        let json = try Self.object(report.json())
        #expect(json["first_attempt_p50_ms"] as? Double == 3 && json["first_attempt_p99_ms"] as? Double == 5)
        #expect(json["deliveries_per_second"] as? Double == 2 && json["receiver_latency_ms"] as? Int == 50)
        #expect(json["host_peak_rss_bytes"] as? Int == 12_000_000 && json["database_bytes"] as? Int == 4096)
        #expect(abs((json["host_cpu_us_per_delivery"] as? Double ?? 0) - 2000) < 1e-6)
        #expect(json["label"] == nil && json["rate"] == nil)
    }

    @Test("percentiles: the value below which the share lies, 0 for none")
    func percentiles() {
        let values = (1...100).map(Double.init)
        #expect(BenchLane.percentile(0.5, of: values) == 51)
        #expect(BenchLane.percentile(0.99, of: values) == 100)
        #expect(BenchLane.percentile(0.99, of: [7]) == 7)
        #expect(BenchLane.percentile(0.5, of: []) == 0)
    }

    @Test("Samples/bench-chart.py draws the --json lines: a line per label in both panels, a point per x, a range for repeated runs")
    func chart() async throws {
        try await withTemporaryDirectory { directory in
            func run(_ label: String, partners: Int, seconds: Double) -> String {
                var tally = OutboundReceiver.Tally(firstArrival: [.now()], delivered: [true])
                (tally.arrivals, tally.deliveredCount) = (1, 1)
                return OutboundReport(
                    options: .init(url: "http://127.0.0.1:1", token: "t", events: 1, partners: partners), queueSeconds: 1,
                    deliverySeconds: seconds, accepted: [.now()], tally: tally, hostMemory: nil, hostCPUSeconds: nil, databaseBytes: nil
                ).json(label: label)
            }
            let lines = [run("a", partners: 1, seconds: 1), run("a", partners: 10, seconds: 0.5), run("a", partners: 10, seconds: 0.25),
                run("b <&>", partners: 1, seconds: 2)]
            let input = directory.appendingPathComponent("runs.jsonl")
            try lines.joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
            let svgFile = directory.appendingPathComponent("chart.svg")
            let script = Repository.root.appendingPathComponent("Samples/bench-chart.py").path
            // On a thread of its own: a blocked thread of the cooperative pool (two on this machine)
            // stalls every other test's servers meanwhile.
            let drawn = try await ChildProcess.run("/usr/bin/env", ["python3", script, input.path, "-o", svgFile.path, "--title", "Drain"])
            #expect(drawn.status == 0)
            let svg = try String(contentsOf: svgFile, encoding: .utf8)
            #expect(svg.components(separatedBy: "<polyline").count - 1 == 4, "two labels, two panels")
            #expect(svg.components(separatedBy: "<circle").count - 1 == 6, "label a at 1 and 10 partners, b at 1; two panels")
            #expect(svg.components(separatedBy: "class=\"range\"").count - 1 == 1, "a's two runs at 10 partners differ in rate, not in delay")
            #expect(svg.contains("b &lt;&amp;&gt;") && svg.contains("deliveries/s") && svg.contains("<title>Drain</title>"))
            let mixed = directory.appendingPathComponent("mixed.jsonl")
            try (lines[0] + "\n" + #"{"kind":"webhooks","connections":1,"requests_per_second":1,"p99_ms":1}"#).write(to: mixed, atomically: true, encoding: .utf8)
            #expect(try await ChildProcess.run("/usr/bin/env", ["python3", script, mixed.path, "-o", svgFile.path]).status != 0)
        }
    }

    static func object(_ line: String) throws -> [String: Any] {
        #expect(!line.contains("\n"))
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
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

