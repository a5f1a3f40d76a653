import Foundation
import NIOCore

/// One benchmark run as a line of JSON (`pasarela bench … --json`), the input of
/// `Samples/bench-chart.py`. Keys are snake_case and sorted, times in milliseconds or seconds,
/// sizes in bytes; `label` names the run's series in a chart.
public enum BenchFigures {
    /// What `pasarela bench` (webhooks) measured.
    struct Webhooks: Encodable {
        let kind = "webhooks"
        let label: String?
        let url: String
        let scheme: String
        let connections: Int
        let requests: Int
        let seconds: Double
        let requestsPerSecond: Double
        let p50Ms: Double
        let p99Ms: Double
        let maxMs: Double
        let statuses: [String: Int]
        let failures: Int
        let stalled: Int
        let stalledClosed: Int
    }

    /// What `pasarela bench outbound` measured.
    struct Outbound: Encodable {
        let kind = "outbound"
        let label: String?
        let events: Int
        let partners: Int
        let rate: Int?
        let backlog: Bool
        let receiverLatencyMs: Int64
        let failureRatio: Double
        let accepted: Int
        let delivered: Int
        let attempts: Int
        let sentTwice: Int
        let queueSeconds: Double
        let deliverySeconds: Double
        let deliveriesPerSecond: Double
        let attemptsPerDelivery: Double
        let firstAttemptP50Ms: Double
        let firstAttemptP99Ms: Double
        let firstAttemptMaxMs: Double
        let hostRssBytes: Int?
        let hostPeakRssBytes: Int?
        let hostCpuSeconds: Double?
        let hostCpuUsPerDelivery: Double?
        let databaseBytes: Int?
    }

    /// `value` as one line of JSON.
    static func line(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Every field is a number, a string, a Bool or a dictionary of them: encoding cannot fail.
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }
}

extension WebhookBenchmark.Report {
    /// The run as a line of JSON, `label` naming its series.
    public func json(label: String? = nil) -> String {
        BenchFigures.line(
            BenchFigures.Webhooks(
                label: label, url: options.url, scheme: options.scheme, connections: options.connections, requests: requests,
                seconds: seconds, requestsPerSecond: requestsPerSecond, p50Ms: p50, p99Ms: p99, maxMs: maximum,
                statuses: Dictionary(uniqueKeysWithValues: statuses.map { (String($0.key), $0.value) }), failures: failures,
                stalled: options.stalled, stalledClosed: stalledClosed))
    }
}

extension OutboundReport {
    /// The run as a line of JSON, `label` naming its series.
    public func json(label: String? = nil) -> String {
        let firstAttempt = firstAttemptFigures
        return BenchFigures.line(
            BenchFigures.Outbound(
                label: label, events: options.events, partners: options.partners, rate: options.rate, backlog: options.backlog,
                receiverLatencyMs: TimeAmount(options.receiverLatency).nanoseconds / 1_000_000,
                failureRatio: options.failureRatio, accepted: acceptedCount, delivered: deliveredCount, attempts: attempts,
                sentTwice: sentTwice, queueSeconds: queueSeconds, deliverySeconds: deliverySeconds, deliveriesPerSecond: deliveriesPerSecond,
                attemptsPerDelivery: attemptsPerDelivery, firstAttemptP50Ms: firstAttempt.p50, firstAttemptP99Ms: firstAttempt.p99,
                firstAttemptMaxMs: firstAttempt.maximum,
                hostRssBytes: hostMemory?.resident, hostPeakRssBytes: hostMemory?.peak, hostCpuSeconds: hostCPUSeconds,
                hostCpuUsPerDelivery: hostCPUMicrosecondsPerDelivery, databaseBytes: databaseBytes))
    }
}
