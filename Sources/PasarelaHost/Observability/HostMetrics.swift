import Foundation
import PasarelaKit
import Prometheus
import Synchronization

/// The host's metrics, kept in a Prometheus registry that belongs to this host (not to the
/// process): several hosts in one process, as in tests, each count their own traffic.
///
/// Every label value comes from a bounded set: configured instances, stored partners, fixed
/// outcome words. Nothing a caller sends, and no secret, becomes a label.
final class HostMetrics: Sendable {
    /// Label value for a partner webhook whose partner is not known.
    static let unknownSource = "unknown"

    let registry = PrometheusCollectorRegistry()

    let inboundWebhooks: LabeledCounters
    let deliveries: LabeledCounters
    let payments: LabeledCounters
    let providerCallErrors: LabeledCounters
    let partnersDisabled: LabeledCounters
    let rateLimitedWaits: LabeledCounters
    let deliveriesSkipped: LabeledCounters
    let deliveryAttemptDuration: LabeledHistograms
    let providerCallDuration: LabeledHistograms
    let outboxPending: Gauge
    let outboxOldestPendingAge: Gauge

    /// Upper bounds of the latency histograms, from 5 ms to 30 s.
    static let latencyBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30),
    ]

    init() {
        inboundWebhooks = LabeledCounters(
            registry, name: "inbound_webhooks", unit: "total", labels: ("source", "outcome"),
            help: "Inbound webhooks by source (partner id, provider:{instance}, or unknown) and outcome.")
        deliveries = LabeledCounters(
            registry, name: "deliveries", unit: "total", labels: ("partner", "outcome"),
            help: "Outbound delivery attempts by partner and what they led to (delivered, retry, dead, disabled).")
        payments = LabeledCounters(
            registry, name: "payments", unit: "total", labels: ("instance", "status"),
            help: "Payment status changes by payment instance and the status reached.")
        providerCallErrors = LabeledCounters(
            registry, name: "provider_call_errors", unit: "total", labels: ("instance", "operation"),
            help: "Calls to payment providers that failed, by instance and operation.")
        partnersDisabled = LabeledCounters(
            registry, name: "partners_disabled", unit: "total", labels: ("partner", "cause"),
            help: "Partners disabled because every attempt failed for delivery.disable_after_hours, by partner and cause (failing).")
        rateLimitedWaits = LabeledCounters(
            registry, name: "delivery_rate_limited_waits", unit: "total", labels: ("partner", "per_second"),
            help: "Delivery attempts that waited for their partner's rate limit, by partner and limit.")
        deliveriesSkipped = LabeledCounters(
            registry, name: "deliveries_skipped", unit: "total", labels: ("partner", "reason"),
            help: "Pack emissions not delivered, by partner and reason (not_subscribed: its events do not take the type).")
        deliveryAttemptDuration = LabeledHistograms(
            registry, name: "delivery_attempt_duration", label: "partner", buckets: Self.latencyBuckets,
            help: "Duration of outbound delivery attempts by partner.")
        providerCallDuration = LabeledHistograms(
            registry, name: "provider_call_duration", labels: ("instance", "operation"), buckets: Self.latencyBuckets,
            help: "Duration of calls to payment providers by instance and operation.")
        outboxPending = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "pasarela", metricName: "outbox_pending", unitName: "", helpText: "Deliveries waiting to be sent."))
        outboxOldestPendingAge = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "pasarela", metricName: "outbox_oldest_pending_age", unitName: "seconds",
                helpText: "Age of the oldest delivery waiting to be sent; 0 when none waits."))
    }

    /// The text exposition of every metric, after refreshing the outbox gauges from `storage`.
    func scrape(storage: any PasarelaStorage, now: Date) async throws -> [UInt8] {
        let pending = try await storage.pendingDeliveries()
        outboxPending.set(Int64(pending.count))
        outboxOldestPendingAge.set(pending.oldestCreatedAt.map { max(0, now.timeIntervalSince($0)) } ?? 0)
        return registry.emitToBuffer()
    }

    /// Counts the status each payment event records.
    func recordPayment(instance: String, events: [PaymentEventRecord]) {
        for event in events { payments.counter(instance, event.status.rawValue).increment() }
    }
}

/// The counters of one metric with two labels, made once per pair of values and then found
/// without the registry: after the first time, counting is a short dictionary look-up and an
/// atomic increment.
final class LabeledCounters: Sendable {
    private struct Key: Hashable {
        var first: String
        var second: String
    }

    private let registry: PrometheusCollectorRegistry
    private let name: String
    private let unit: String
    private let labels: (String, String)
    private let help: String
    private let made = Mutex<[Key: Counter]>([:])

    init(_ registry: PrometheusCollectorRegistry, name: String, unit: String, labels: (String, String), help: String) {
        self.registry = registry
        self.name = name
        self.unit = unit
        self.labels = labels
        self.help = help
    }

    func counter(_ first: String, _ second: String) -> Counter {
        let key = Key(first: first, second: second)
        if let counter = made.withLock({ $0[key] }) { return counter }
        let counter = registry.makeCounter(
            descriptor: MetricNameDescriptor(namespace: "pasarela", metricName: name, unitName: unit, helpText: help),
            labels: [(labels.0, first), (labels.1, second)])
        made.withLock { $0[key] = counter }
        return counter
    }
}

/// The duration histograms of one metric (in seconds) with one or two labels, made once per
/// set of values.
final class LabeledHistograms: Sendable {
    private let registry: PrometheusCollectorRegistry
    private let name: String
    private let labelNames: [String]
    private let buckets: [Duration]
    private let help: String
    private let made = Mutex<[[String]: DurationHistogram]>([:])

    convenience init(_ registry: PrometheusCollectorRegistry, name: String, label: String, buckets: [Duration], help: String) {
        self.init(registry, name: name, labelNames: [label], buckets: buckets, help: help)
    }

    convenience init(
        _ registry: PrometheusCollectorRegistry, name: String, labels: (String, String), buckets: [Duration], help: String
    ) {
        self.init(registry, name: name, labelNames: [labels.0, labels.1], buckets: buckets, help: help)
    }

    private init(_ registry: PrometheusCollectorRegistry, name: String, labelNames: [String], buckets: [Duration], help: String) {
        self.registry = registry
        self.name = name
        self.labelNames = labelNames
        self.buckets = buckets
        self.help = help
    }

    /// Records `duration` for the label values, given in the order of the label names.
    func record(_ duration: Duration, _ values: String...) {
        histogram(values).record(duration)
    }

    private func histogram(_ values: [String]) -> DurationHistogram {
        if let histogram = made.withLock({ $0[values] }) { return histogram }
        let histogram = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(namespace: "pasarela", metricName: name, unitName: "seconds", helpText: help),
            labels: Array(zip(labelNames, values)), buckets: buckets)
        made.withLock { $0[values] = histogram }
        return histogram
    }
}
