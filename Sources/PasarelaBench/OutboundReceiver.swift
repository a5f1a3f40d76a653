import Foundation
import Hummingbird
import Logging
import NIOCore
import PasarelaKit
import Synchronization

/// The partners' endpoint of `pasarela bench outbound`: `POST /p/{partner}` reads the delivery's
/// `data.n`, notes when that event first arrived, waits `latency`, and answers 500 to a
/// `failureRatio` share of attempts, 200 to the rest.
final class OutboundReceiver: Sendable {
    /// What arrived so far.
    struct Tally {
        /// Attempts received, failed ones included.
        var arrivals = 0
        /// When each event's first attempt arrived (`nil`: not yet), by `n`.
        var firstArrival: [NIODeadline?]
        /// Whether each event was answered 200, by `n`.
        var delivered: [Bool]
        var deliveredCount = 0
        /// Events answered 200 more than once: each is a delivery sent twice.
        var duplicates = 0
        var lastDelivered: NIODeadline?
    }

    let latency: Duration
    let failureRatio: Double
    let tally: Mutex<Tally>

    init(events: Int, latency: Duration, failureRatio: Double) {
        self.latency = latency
        self.failureRatio = failureRatio
        tally = Mutex(Tally(firstArrival: Array(repeating: nil, count: events), delivered: Array(repeating: false, count: events)))
    }

    /// Serves on `127.0.0.1:port` while `body` runs.
    func serving<Result: Sendable>(port: Int, _ body: () async throws -> Result) async throws -> Result {
        let router = Router()
        router.post("p/{partner}") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            return Response(status: try await self.answer(Array(buffer: bytes)))
        }
        var logger = Logger(label: "bench-outbound-receiver")
        // Stopping it when the run ends is logged as errors by the server; nothing else is of note.
        logger.logLevel = .critical
        let (listening, ready) = AsyncStream<Void>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), onServerRunning: { _ in ready.yield() },
            logger: logger)
        let server = Task { try await app.runService() }
        defer { server.cancel() }
        for await _ in listening { break }
        return try await body()
    }

    private func answer(_ body: [UInt8]) async throws -> HTTPResponse.Status {
        guard let number = (try? JSONValue.parse(body))?["data"]?["n"]?.int64Value, number >= 0 else { return .badRequest }
        let index = Int(number)
        let arrived = NIODeadline.now()
        let known = tally.withLock { tally in
            guard index < tally.firstArrival.count else { return false }
            tally.arrivals += 1
            if tally.firstArrival[index] == nil { tally.firstArrival[index] = arrived }
            return true
        }
        guard known else { return .badRequest }
        if latency > .zero { try await Task.sleep(for: latency) }
        if failureRatio > 0, Double.random(in: 0..<1) < failureRatio { return .internalServerError }
        tally.withLock { tally in
            if tally.delivered[index] {
                tally.duplicates += 1
            } else {
                tally.delivered[index] = true
                tally.deliveredCount += 1
                tally.lastDelivered = .now()
            }
        }
        return .ok
    }
}
