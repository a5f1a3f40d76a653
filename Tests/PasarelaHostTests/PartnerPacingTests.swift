import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import PasarelaHost
import PasarelaKit
import PasarelaTesting
import Testing

/// Rate limits and fifo ordering per partner, with real receivers, on one host (SQLite) and on
/// two hosts sharing one PostgreSQL database.
@Suite("Partner rate limits and fifo ordering")
struct PartnerPacingTests {
    /// Retries at once, so fifo's hold is seen without moving clocks.
    static let yaml = PartnerWebhookTests.yaml(delivery: "timeout_seconds: 2, lease_seconds: 5, schedule: [0, 0, 0, 0, 0]")

    /// Runs `body` with the clients of `count` hosts on one database: SQLite in memory for one,
    /// the PostgreSQL of the run for two.
    func withHosts(
        _ count: Int, clock: FakeClock = FakeClock(now: Date()), _ body: @escaping @Sendable ([any TestClientProtocol]) async throws -> Void
    ) async throws {
        guard count > 1 else {
            let host = try await TestHost.make(yaml: Self.yaml, clock: clock)
            try await host.application.test(.live) { client in try await body([client]) }
            return
        }
        try await PostgresTestDatabase.withSchema { url in
            let yaml = StorageBackend.yaml(Self.yaml, storage: url)
            let first = try await TestHost.make(yaml: yaml, clock: clock)
            let second = try await TestHost.make(yaml: yaml, clock: clock)
            try await first.application.test(.live) { one in
                try await second.application.test(.live) { two in try await body([one, two]) }
            }
        }
    }

    /// The most arrivals in any one-second window, from the first of a run.
    static func busiestSecond(_ times: [Date]) -> Int {
        let sorted = times.sorted()
        return sorted.indices.map { start in sorted[start...].prefix { $0.timeIntervalSince(sorted[start]) < 1 }.count }.max() ?? 0
    }

    @Test("a rate limit holds in every one-second window, on one host and across two", arguments: [1, 2])
    func rateLimit(hosts: Int) async throws {
        guard hosts == 1 || PostgresTestDatabase.isAvailable else { return }
        let receiver = WebhookReceiver()
        try await receiver.run { url in
            try await withHosts(hosts) { clients in
                let body = #"{"name":"paced","webhook_url":"\#(url)","rate_limit_per_second":5}"#
                let registered = try await clients[0].send(.post, "/partners/register", body)
                #expect(registered.json["rate_limit_per_second"]?.int64Value == 5)
                let id = try #require(registered.json["partner_id"]?.stringValue)
                try await Task.sleep(for: .milliseconds(2_200))  // every host's view of the partners is fresh
                // One delivery first, from each host, so that connecting to the receiver is not part of the measure.
                for client in clients {
                    _ = try await client.send(.post, "/partners/\(id)/events", #"{"event_type":"warm.up"}"#)
                }
                #expect(try await eventually { receiver.requests.count == clients.count })
                try await Task.sleep(for: .milliseconds(1_200))
                let warmUps = receiver.requests.count
                for n in 0..<20 {
                    let sent = try await clients[n % clients.count].send(.post, "/partners/\(id)/events", #"{"event_type":"order.created","data":{"n":\#(n)}}"#)
                    #expect(sent.status == .accepted)
                }
                #expect(try await eventually(timeout: .seconds(15)) { receiver.requests.count == warmUps + 20 })
                let times = receiver.requests.dropFirst(warmUps).map(\.at)
                let busiest = Self.busiestSecond(times)
                let span = (times.max() ?? Date()).timeIntervalSince(times.min() ?? Date())
                print("rate limit 5/s over \(hosts) host(s): 20 deliveries in \(String(format: "%.2f", span)) s, busiest second \(busiest)")
                #expect(busiest <= 5, "at most 5 in any one-second window, got \(busiest)")
                #expect(span >= 3.0, "20 at 5 a second take at least 3 s after the first, took \(span)")
                #expect(span <= 6.0, "paced, not stalled: 20 at 5 a second (less a tenth) take about 4.2 s, took \(span)")
            }
        }
    }

    @Test("fifo: one in flight, creation order, a retrying delivery holds the later ones, on one host and across two", arguments: [1, 2])
    func fifo(hosts: Int) async throws {
        guard hosts == 1 || PostgresTestDatabase.isAvailable else { return }
        // The first attempt fails (and is retried at once); every answer takes 40 ms.
        let receiver = WebhookReceiver { number in .init(status: number == 0 ? .serviceUnavailable : .ok, delay: .milliseconds(40)) }
        // One clock for both hosts, a millisecond on at each event: their creation order is the order they are sent in.
        let clock = FakeClock(now: Date())
        try await receiver.run { url in
            try await withHosts(hosts, clock: clock) { clients in
                let registered = try await clients[0].send(.post, "/partners/register", #"{"name":"ordered","webhook_url":"\#(url)","ordering":"fifo"}"#)
                #expect(registered.json["ordering"]?.stringValue == "fifo")
                let id = try #require(registered.json["partner_id"]?.stringValue)
                // No wait for the hosts' caches: the ordinary claim leaves a fifo partner's deliveries in SQL.
                for n in 0..<10 {
                    clock.advance(by: 0.001)
                    _ = try await clients[n % clients.count].send(.post, "/partners/\(id)/events", #"{"event_type":"order.created","data":{"n":\#(n)}}"#)
                }
                #expect(try await eventually(timeout: .seconds(20)) { receiver.requests.count == 11 })
                let order = receiver.requests.compactMap { (try? JSONValue.parse($0.body))?["data"]?["n"]?.int64Value }
                print("fifo over \(hosts) host(s): arrival order \(order)")
                #expect(order == [0] + Array(0..<10).map(Int64.init), "the failed first one again, then the rest in creation order")
                let arrivals = receiver.requests.map(\.at)
                let gaps = zip(arrivals.dropFirst(), arrivals).map { $0.timeIntervalSince($1) }
                #expect(gaps.allSatisfy { $0 >= 0.035 }, "one in flight: each starts after the previous answer (40 ms), gaps \(gaps)")
            }
        }
    }

    @Test("bad rate limits and orderings are a 422; null removes a limit")
    func validation() async throws {
        try await withHosts(1) { clients in
            let client = clients[0]
            for field in [#""rate_limit_per_second":0"#, #""rate_limit_per_second":10001"#, #""rate_limit_per_second":"5""#, #""ordering":"lifo""#] {
                let answer = try await client.send(.post, "/partners/register", #"{"name":"x","webhook_url":"https://x.example/h",\#(field)}"#)
                #expect(answer.status == .unprocessableContent, "\(field)")
            }
            let made = try await client.send(.post, "/partners/register", #"{"name":"y","webhook_url":"https://y.example/h","rate_limit_per_second":3}"#)
            let id = try #require(made.json["partner_id"]?.stringValue)
            let cleared = try await client.send(.patch, "/partners/\(id)", #"{"rate_limit_per_second":null,"ordering":"fifo"}"#)
            #expect(cleared.json["rate_limit_per_second"]?.isNull == true)
            #expect(cleared.json["ordering"]?.stringValue == "fifo")
        }
    }
}
