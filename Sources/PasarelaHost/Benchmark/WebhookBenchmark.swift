import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PasarelaKit
import Synchronization

/// Fires distinct signed webhooks at a URL over several connections and measures throughput and
/// latency. Used by `pasarela bench`; partners can point it at their own receivers too.
public enum WebhookBenchmark {
    public struct Options: Sendable {
        public var url: String
        public var scheme: String
        public var secret: String
        /// Sent as `X-Partner-ID` when set.
        public var partnerID: String?
        public var requests: Int
        public var connections: Int

        public init(url: String, scheme: String, secret: String, partnerID: String?, requests: Int, connections: Int) {
            self.url = url
            self.scheme = scheme
            self.secret = secret
            self.partnerID = partnerID
            self.requests = requests
            self.connections = connections
        }
    }

    public struct Report: Sendable {
        public var requests: Int
        public var seconds: Double
        /// How many answers had each HTTP status.
        public var statuses: [Int: Int]
        /// Requests that got no answer.
        public var failures: Int
        /// Latencies in milliseconds.
        public var p50: Double
        public var p99: Double
        public var maximum: Double

        public var requestsPerSecond: Double { Double(requests) / seconds }

        public var summary: String {
            let codes = statuses.keys.sorted().map { "\($0): \(statuses[$0]!)" }.joined(separator: ", ")
            return String(
                format: "%d requests in %.2f s: %.0f requests/s; latency p50 %.2f ms, p99 %.2f ms, max %.2f ms; statuses {%@}, failures %d",
                requests, seconds, requestsPerSecond, p50, p99, maximum, codes, failures)
        }
    }

    /// Signs `options.requests` distinct events, then sends them over `options.connections`
    /// connections, each connection one request at a time.
    public static func run(_ options: Options) async throws -> Report {
        let scheme = try SignatureSchemes.named(options.scheme)
        let runID = UUID().uuidString.prefix(8).lowercased()
        let now = Date()
        var prepared: [(headers: HTTPHeaders, body: ByteBuffer)] = []
        prepared.reserveCapacity(options.requests)
        for number in 0..<options.requests {
            let eventID = "bench_\(runID)_\(number)"
            let body = #"{"data":{"n":\#(number),"note":"pasarela bench"},"event_id":"\#(eventID)","event_type":"bench.event","source":"bench","timestamp":"\#(ISOTimestamp.format(now))","version":"1.0"}"#
            var headers = HTTPHeaders([("Content-Type", "application/json")])
            if let partnerID = options.partnerID { headers.add(name: "X-Partner-ID", value: partnerID) }
            for header in try scheme.sign(SignedMessage(id: eventID, timestamp: now, body: Array(body.utf8)), secrets: [options.secret]) {
                headers.add(name: header.name, value: header.value)
            }
            prepared.append((headers, ByteBuffer(string: body)))
        }
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = options.connections
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let next = Ticket()
        let requests = prepared
        let started = ContinuousClock.now
        let lanes = try await withThrowingTaskGroup(of: Lane.self) { group in
            for _ in 0..<options.connections {
                group.addTask {
                    var lane = Lane()
                    while true {
                        let index = next.take()
                        guard index < requests.count else { break }
                        var request = HTTPClientRequest(url: options.url)
                        request.method = .POST
                        request.headers = requests[index].headers
                        request.body = .bytes(requests[index].body)
                        let sent = ContinuousClock.now
                        do {
                            let response = try await client.execute(request, timeout: .seconds(30))
                            _ = try await response.body.collect(upTo: 1 << 20)
                            lane.statuses[Int(response.status.code), default: 0] += 1
                        } catch {
                            lane.failures += 1
                        }
                        lane.latencies.append(sent.duration(to: .now))
                    }
                    return lane
                }
            }
            return try await group.reduce(into: [Lane]()) { $0.append($1) }
        }
        let elapsed = started.duration(to: .now)
        try await client.shutdown()
        var latencies = lanes.flatMap(\.latencies).map { Double($0.components.attoseconds) / 1e15 + Double($0.components.seconds) * 1000 }
        latencies.sort()
        func percentile(_ fraction: Double) -> Double {
            latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * fraction))]
        }
        return Report(
            requests: options.requests,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            statuses: lanes.reduce(into: [:]) { total, lane in total.merge(lane.statuses, uniquingKeysWith: +) },
            failures: lanes.reduce(0) { $0 + $1.failures }, p50: percentile(0.50), p99: percentile(0.99),
            maximum: latencies.last ?? 0)
    }

    /// Hands out request numbers to the connections.
    private final class Ticket: Sendable {
        private let counter = Atomic<Int>(0)

        func take() -> Int {
            counter.wrappingAdd(1, ordering: .relaxed).oldValue
        }
    }

    private struct Lane: Sendable {
        var statuses: [Int: Int] = [:]
        var failures = 0
        var latencies: [Duration] = []
    }
}
