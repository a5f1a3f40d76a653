import Foundation
import NIOCore
import NIOPosix
import PasarelaKit

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
        /// Event-loop threads driving the connections.
        public var threads: Int
        /// Stalled connections (see ``StalledClients``) held open beside the measured ones.
        public var stalled: Int
        /// Called about once a second while the requests go out, with how many were sent and the total.
        public var progress: (@Sendable (_ sent: Int, _ total: Int) -> Void)?

        public init(
            url: String, scheme: String, secret: String, partnerID: String?, requests: Int, connections: Int, threads: Int = 1,
            stalled: Int = 0, progress: (@Sendable (_ sent: Int, _ total: Int) -> Void)? = nil
        ) {
            self.progress = progress
            self.url = url
            self.scheme = scheme
            self.secret = secret
            self.partnerID = partnerID
            self.requests = requests
            self.connections = connections
            self.threads = threads
            self.stalled = stalled
        }
    }

    public struct Report: Sendable {
        /// What was asked for.
        public let options: Options
        public var requests: Int
        public var seconds: Double
        /// How many answers had each HTTP status.
        public var statuses: [Int: Int]
        /// Requests that got no answer (a connection closed or could not be opened).
        public var failures: Int
        /// Latencies in milliseconds.
        public var p50: Double
        public var p99: Double
        public var maximum: Double
        /// How often the host closed a stalled connection.
        public var stalledClosed: Int = 0

        public var requestsPerSecond: Double { Double(requests) / seconds }

        public var summary: String {
            let codes = statuses.keys.sorted().map { "\($0): \(statuses[$0]!)" }.joined(separator: ", ")
            return String(
                format: "%d requests in %.2f s: %.0f requests/s; latency p50 %.2f ms, p99 %.2f ms, max %.2f ms; statuses {%@}, failures %d%@",
                requests, seconds, requestsPerSecond, p50, p99, maximum, codes, failures,
                stalledClosed > 0 ? "; stalled connections closed by the host: \(stalledClosed)" : "")
        }
    }

    /// Signs `options.requests` distinct events, then sends them over `options.connections`
    /// keep-alive connections, each connection one request at a time, driven by
    /// `options.threads` event loops.
    public static func run(_ options: Options) async throws -> Report {
        let target = try BenchTarget(url: options.url)
        let (host, port, path) = (target.host, target.port, target.path)
        let scheme = try SignatureSchemes.named(options.scheme)
        let runID = UUID().uuidString.prefix(8).lowercased()
        let now = Date()
        var prepared: [ByteBuffer] = []
        prepared.reserveCapacity(options.requests)
        for number in 0..<options.requests {
            let eventID = "bench_\(runID)_\(number)"
            let body = #"{"data":{"n":\#(number),"note":"pasarela bench"},"event_id":"\#(eventID)","event_type":"bench.event","source":"bench","timestamp":"\#(ISOTimestamp.format(now))","version":"1.0"}"#
            var headers = [("Content-Type", "application/json")]
            if let partnerID = options.partnerID { headers.append(("X-Partner-ID", partnerID)) }
            for header in try scheme.sign(SignedMessage(id: eventID, timestamp: now, body: Array(body.utf8)), secrets: [options.secret]) {
                headers.append((header.name, header.value))
            }
            prepared.append(BenchConnection.encode(path: path, authority: "\(host):\(port)", headers: headers, body: Array(body.utf8)))
        }
        let source = BenchRequestSource(requests: prepared)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: options.threads)
        let stalled = StalledClients(host: host, port: port, path: path, group: group)
        let stalling = Task { await stalled.run(count: options.stalled) }
        defer {
            stalled.stop()
            stalling.cancel()
        }
        if options.stalled > 0 { try await Task.sleep(for: .seconds(1)) }
        let started = ContinuousClock.now
        let reporting = Task { [progress = options.progress] in
            while let progress, (try? await Task.sleep(for: .seconds(1))) != nil {
                progress(source.taken, source.requests.count)
            }
        }
        defer { reporting.cancel() }
        let lanes: [BenchLane]
        do {
            lanes = try await BenchConnection.runAll(host: host, port: port, source: source, connections: options.connections, group: group)
        } catch {
            try? await group.shutdownGracefully()
            throw PasarelaError(.invalidRequest, "could not connect to \(options.url): \(error)")
        }
        let elapsed = started.duration(to: .now)
        stalled.stop()
        await stalling.value
        try? await group.shutdownGracefully()
        var latencies = lanes.flatMap(\.latencies).map { Double($0) / 1e6 }
        latencies.sort()
        return Report(
            options: options, requests: options.requests,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            statuses: BenchLane.statuses(of: lanes), failures: options.requests - latencies.count,
            p50: BenchLane.percentile(0.50, of: latencies), p99: BenchLane.percentile(0.99, of: latencies),
            maximum: latencies.last ?? 0, stalledClosed: stalled.closedByHost.load(ordering: .relaxed))
    }
}
