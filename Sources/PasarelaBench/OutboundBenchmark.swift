import Foundation
import NIOCore
import NIOPosix
import PasarelaKit
import Synchronization

/// `pasarela bench outbound`: how fast a running host gets events out to partners. It registers
/// partners whose endpoint is its own receiver (``OutboundReceiver``), queues events for them
/// through the admin API (`POST /partners/{id}/events`), and times each event from the host's
/// answer (accepted) to its first attempt at the receiver, and the whole run to the last delivery.
///
/// With `backlog`, the partners are disabled while every event is queued and enabled together
/// afterwards: the figure is then the worker's drain rate alone, from a backlog of `events`.
public enum OutboundBenchmark {
    public struct Options: Sendable {
        /// The host's base URL (plain http) and admin token.
        public var url: String
        public var token: String
        public var events: Int
        public var partners: Int
        /// Connections queueing events.
        public var connections: Int
        /// Events queued per second; `nil` queues as fast as the host answers.
        public var rate: Int?
        /// Queue everything first, with the partners disabled, then time the drain.
        public var backlog: Bool
        /// How long the receiver waits before answering each attempt.
        public var receiverLatency: Duration
        /// The share of attempts the receiver answers 500 (0 to 1).
        public var failureRatio: Double
        public var receiverPort: Int
        /// Gives up waiting for deliveries after this long.
        public var timeout: Duration
        /// The host's process, for its memory; its SQLite file, for the database's size.
        public var hostPID: Int32?
        public var databasePath: String?
        /// Called about once a second with a progress line.
        public var progress: (@Sendable (String) -> Void)?

        public init(
            url: String, token: String, events: Int, partners: Int, connections: Int = 16, rate: Int? = nil, backlog: Bool = false,
            receiverLatency: Duration = .zero, failureRatio: Double = 0, receiverPort: Int = 9100, timeout: Duration = .seconds(600),
            hostPID: Int32? = nil, databasePath: String? = nil, progress: (@Sendable (String) -> Void)? = nil
        ) {
            (self.url, self.token, self.events, self.partners, self.connections) = (url, token, events, partners, connections)
            (self.rate, self.backlog, self.receiverLatency, self.failureRatio) = (rate, backlog, receiverLatency, failureRatio)
            (self.receiverPort, self.timeout, self.hostPID, self.databasePath, self.progress) = (
                receiverPort, timeout, hostPID, databasePath, progress
            )
        }
    }

    /// Runs the benchmark against the host at `options.url`.
    public static func run(_ options: Options) async throws -> OutboundReport {
        let target = try BenchTarget(url: options.url, token: options.token)
        let receiver = OutboundReceiver(events: options.events, latency: options.receiverLatency, failureRatio: options.failureRatio)
        let group = MultiThreadedEventLoopGroup.singleton
        return try await receiver.serving(port: options.receiverPort) {
            let runID = UUID().uuidString.prefix(8).lowercased()
            let partners = (0..<options.partners).map { "bench-\(runID)-\($0)" }
            try await target.expect(201, try await target.send(registrations(partners, options: options), group: group), "registering partners")
            if options.backlog { try await target.expect(200, try await target.send(statusChanges(partners, "disabled"), group: group), "disabling") }
            let accepted = Mutex<[NIODeadline?]>(Array(repeating: nil, count: options.events))
            let queueing = BenchRequestSource(
                requests: events(options.events, to: partners, target: target), spacing: options.rate.map { 1_000_000_000 / Int64($0) },
                answered: { index, status in if status == 202 { accepted.withLock { $0[index] = .now() } } })
            let reporter = Task { await report(progress: options.progress, queueing: queueing, receiver: receiver) }
            defer { reporter.cancel() }
            // The host's CPU time is counted from the start, or with a backlog from the release.
            var cpuAtRelease = options.hostPID.flatMap(HostFigures.cpuSeconds(pid:))
            let started = NIODeadline.now()
            _ = try await BenchConnection.runAll(
                host: target.host, port: target.port, source: queueing, connections: options.connections, group: group)
            let queued = NIODeadline.now()
            var released = started
            if options.backlog {
                released = .now()
                cpuAtRelease = options.hostPID.flatMap(HostFigures.cpuSeconds(pid:))
                try await target.expect(200, try await target.send(statusChanges(partners, "enabled"), group: group), "enabling")
            }
            let accepts = accepted.withLock { $0 }
            try await waitForDeliveries(receiver, expected: accepts.compactMap { $0 }.count, timeout: options.timeout)
            let tally = receiver.tally.withLock { $0 }
            let cpuAtEnd = options.hostPID.flatMap(HostFigures.cpuSeconds(pid:))
            return OutboundReport(
                options: options, queueSeconds: (queued - started).seconds, deliverySeconds: ((tally.lastDelivered ?? released) - released).seconds,
                accepted: accepts, tally: tally, hostMemory: options.hostPID.flatMap(HostFigures.memory(pid:)),
                hostCPUSeconds: cpuAtEnd.flatMap { end in cpuAtRelease.map { end - $0 } },
                databaseBytes: options.databasePath.map(HostFigures.fileBytes(sqlite:)))
        }
    }

    /// `POST /partners/register` for each partner, its endpoint the receiver's `/p/{index}`.
    private static func registrations(_ partners: [String], options: Options) -> [(String, String, String)] {
        partners.enumerated().map { index, id in
            let body = #"{"name":"\#(id)","partner_id":"\#(id)","webhook_url":"http://127.0.0.1:\#(options.receiverPort)/p/\#(index)"}"#
            return ("POST", "/partners/register", body)
        }
    }

    private static func statusChanges(_ partners: [String], _ status: String) -> [(String, String, String)] {
        partners.map { ("PATCH", "/partners/\($0)", #"{"status":"\#(status)"}"#) }
    }

    /// Event `n` goes to partner `n % partners.count`.
    private static func events(_ count: Int, to partners: [String], target: BenchTarget) -> [ByteBuffer] {
        (0..<count).map { number in
            target.request("POST", "/partners/\(partners[number % partners.count])/events", #"{"event_type":"bench.outbound","data":{"n":\#(number)}}"#)
        }
    }

    private static func waitForDeliveries(_ receiver: OutboundReceiver, expected: Int, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while receiver.tally.withLock({ $0.deliveredCount }) < expected {
            guard ContinuousClock.now < deadline else { return }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// A progress line each second until cancelled.
    private static func report(progress: (@Sendable (String) -> Void)?, queueing: BenchRequestSource, receiver: OutboundReceiver) async {
        guard let progress else { return }
        while (try? await Task.sleep(for: .seconds(1))) != nil {
            let (arrivals, delivered) = receiver.tally.withLock { ($0.arrivals, $0.deliveredCount) }
            progress("queued \(queueing.taken)/\(queueing.requests.count), delivered \(delivered), attempts \(arrivals)")
        }
    }
}

extension TimeAmount {
    /// The amount in seconds.
    var seconds: Double { Double(nanoseconds) / 1e9 }
}
