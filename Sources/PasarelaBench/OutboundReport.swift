import Foundation
import NIOCore

/// What `pasarela bench outbound` measured.
public struct OutboundReport: Sendable {
    let options: OutboundBenchmark.Options
    /// Seconds to queue every event, and from the start (or, with a backlog, the release) to the last delivery.
    let queueSeconds: Double
    let deliverySeconds: Double
    /// When the host accepted each event (`nil`: it did not).
    let accepted: [NIODeadline?]
    let tally: OutboundReceiver.Tally
    let hostMemory: (resident: Int, peak: Int)?
    /// CPU seconds the host used while delivering (with a backlog, from the release).
    let hostCPUSeconds: Double?
    let databaseBytes: Int?

    /// Events the host accepted (202), deliveries the receiver answered 200, attempts it received,
    /// and events it answered 200 more than once.
    public var acceptedCount: Int { accepted.compactMap { $0 }.count }
    public var deliveredCount: Int { tally.deliveredCount }
    public var attempts: Int { tally.arrivals }
    public var sentTwice: Int { tally.duplicates }

    /// Events accepted per second of queueing, deliveries per second of delivering, and attempts per delivery.
    public var queuedPerSecond: Double { Double(acceptedCount) / max(queueSeconds, 1e-9) }
    public var deliveriesPerSecond: Double { Double(deliveredCount) / max(deliverySeconds, 1e-9) }
    public var attemptsPerDelivery: Double { Double(attempts) / Double(max(deliveredCount, 1)) }
    /// The host's CPU time per delivery, in microseconds: steadier than the rate on a machine whose speed drifts.
    public var hostCPUMicrosecondsPerDelivery: Double? { hostCPUSeconds.map { $0 * 1e6 / Double(max(deliveredCount, 1)) } }

    /// Accepted → first attempt in milliseconds: p50, p99 and the longest.
    public var firstAttemptFigures: (p50: Double, p99: Double, maximum: Double) {
        let delays = firstAttemptDelays
        return (BenchLane.percentile(0.5, of: delays), BenchLane.percentile(0.99, of: delays), delays.last ?? 0)
    }

    /// Milliseconds from each accepted event to its first attempt, sorted.
    public var firstAttemptDelays: [Double] {
        zip(accepted, tally.firstArrival).compactMap { accepted, arrived in
            guard let accepted, let arrived else { return nil }
            return max(0, Double((arrived - accepted).nanoseconds) / 1e6)
        }.sorted()
    }

    public var summary: String {
        let count = acceptedCount
        let firstAttempt = firstAttemptFigures
        var lines = [
            String(format: "queued %d of %d events for %d partners in %.2f s (%.0f/s)", count, options.events, options.partners, queueSeconds,
                queuedPerSecond),
            String(format: "delivered %d in %.2f s%@: %.0f deliveries/s; %.2f attempts per delivery; %d sent twice", deliveredCount,
                deliverySeconds, options.backlog ? " after the release" : "", deliveriesPerSecond, attemptsPerDelivery, sentTwice),
            String(format: "accepted → first attempt: p50 %.1f ms, p99 %.1f ms, max %.1f ms", firstAttempt.p50, firstAttempt.p99, firstAttempt.maximum),
        ]
        if let hostMemory {
            lines.append(String(format: "host memory: %.1f MB resident, %.1f MB at peak", Double(hostMemory.resident) / 1e6, Double(hostMemory.peak) / 1e6))
        }
        if let hostCPUSeconds, let perDelivery = hostCPUMicrosecondsPerDelivery {
            lines.append(String(format: "host CPU: %.1f s, %.0f µs per delivery", hostCPUSeconds, perDelivery))
        }
        if let databaseBytes { lines.append(String(format: "database: %.1f MB", Double(databaseBytes) / 1e6)) }
        return lines.joined(separator: "\n")
    }
}
