import Foundation
import Logging
import PasarelaKit
import ServiceLifecycle
import Synchronization

/// Sends what the outbox holds: claims due deliveries, signs and posts them, records every
/// attempt and schedules retries. Partners are served in parallel, a few deliveries each, so a
/// slow or dead partner never delays the others. On graceful shutdown it stops claiming and
/// lets the attempts in flight finish.
final class DeliveryWorker: Service {
    struct Settings: Sendable {
        var schedule: RetrySchedule
        var timeout: Duration
        var lease: TimeInterval
        var identity: String
        var urlPolicy: WebhookURLPolicy
        var maximumInFlight = 32
        var perPartner = 4
        var pollInterval: Duration = .milliseconds(500)
    }

    private enum Signal {
        case wake
        case finished(partnerID: String)
    }

    /// Answers are kept up to this many bytes in the attempt record.
    static let responseBodyLimit = 4096

    private let storage: any PasarelaStorage
    private let partners: PartnerDirectory
    private let transport: any HTTPTransport
    private let clock: any WallClock
    private let settings: Settings
    private let logger: Logger
    private let metrics: HostMetrics
    private let signals: AsyncStream<Signal>
    private let continuation: AsyncStream<Signal>.Continuation
    private let stopping = Mutex(false)
    /// A wake is queued and not handled yet.
    private let wakePending = Atomic(false)

    init(
        storage: any PasarelaStorage, partners: PartnerDirectory, transport: any HTTPTransport, clock: any WallClock, settings: Settings, logger: Logger,
        metrics: HostMetrics
    ) {
        self.storage = storage
        self.partners = partners
        self.transport = transport
        self.clock = clock
        self.settings = settings
        self.logger = logger
        self.metrics = metrics
        (signals, continuation) = AsyncStream.makeStream(of: Signal.self)
    }

    /// Asks the worker to look for due deliveries now. Wakes that come while one waits are one:
    /// a burst of queued events must not bury the signals of finished attempts behind it.
    @Sendable func wake() {
        if wakePending.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged {
            continuation.yield(.wake)
        }
    }

    func run() async throws {
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { [settings] in
                    while !Task.isCancelled {
                        try? await Task.sleep(for: settings.pollInterval)
                        self.wake()
                    }
                }
                var inFlight: [String: Int] = [:]
                var total = 0
                for await signal in signals {
                    switch signal {
                    case .finished(let partnerID):
                        inFlight[partnerID, default: 1] -= 1
                        if inFlight[partnerID] == 0 { inFlight[partnerID] = nil }
                        total -= 1
                    case .wake:
                        wakePending.store(false, ordering: .relaxed)
                    }
                    if stopping.withLock({ $0 }) {
                        if total == 0 { break }
                        continue
                    }
                    for delivery in await claim(capacity: settings.maximumInFlight - total, inFlight: inFlight) {
                        inFlight[delivery.partnerID, default: 0] += 1
                        total += 1
                        group.addTask { [continuation] in
                            await self.attempt(delivery)
                            continuation.yield(.finished(partnerID: delivery.partnerID))
                        }
                    }
                }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.stopping.withLock { $0 = true }
            self.continuation.yield(.wake)
        }
        logger.info("delivery worker stopped")
    }

    private func claim(capacity: Int, inFlight: [String: Int]) async -> [Delivery] {
        guard capacity > 0 else { return [] }
        let now = clock.now()
        do {
            return try await storage.claimDueDeliveries(
                now: now, leaseUntil: now.addingTimeInterval(settings.lease), limit: capacity, perPartner: settings.perPartner,
                inFlight: inFlight)
        } catch {
            logger.error("cannot claim deliveries", metadata: ["error": "\(error)"])
            return []
        }
    }

    /// A seed envelope with its `timestamp` set to `date`: seed receivers check the payload's
    /// time, so a retry hours later must carry the time it is sent. `event_id` stays the same.
    static func restamped(_ body: [UInt8], at date: Date) -> [UInt8] {
        guard let json = try? JSONValue.parse(body), var envelope = PartnerEnvelope(json: json), envelope.timestamp != nil else {
            return body
        }
        envelope.timestamp = date
        return Array(envelope.json.pythonCanonical().utf8)
    }

    /// What an attempt led to, as counted in `pasarela_deliveries_total`: `delivered`, `retry`
    /// (pending again), `dead` or `disabled`.
    static func outcome(of status: DeliveryStatus) -> String {
        status == .pending ? "retry" : status.rawValue
    }

    /// One attempt: sign, send, record, and decide what comes next.
    func attempt(_ claimed: Delivery) async {
        var delivery = claimed
        let started = clock.now()
        let startedAt = ContinuousClock.now
        var statusCode: Int?
        var failure: String?
        var answer: String?
        var retryAfter: TimeInterval?
        var partnerGone = false
        var body = delivery.body
        do {
            guard let partner = try await partners.partner(id: delivery.partnerID) else {
                partnerGone = true
                throw PasarelaError(.notFound, "the partner no longer exists")
            }
            try settings.urlPolicy.checkResolved(partner.webhookURL)
            let scheme = try SignatureSchemes.named(partner.scheme)
            if partner.scheme == "seed" { body = Self.restamped(body, at: started) }
            var headers: [(name: String, value: String)] = [
                ("Content-Type", "application/json"), ("User-Agent", "pasarela"), ("X-Partner-ID", settings.identity),
            ]
            headers += try scheme.sign(
                SignedMessage(id: delivery.eventID, timestamp: started, body: body), secrets: partner.secrets(at: started))
            let response = try await transport.send(
                TransportRequest(method: "POST", url: partner.webhookURL, headers: headers, body: body, timeout: settings.timeout))
            statusCode = response.status
            answer = DeliveryAttempt.storableText(response.body.prefix(Self.responseBodyLimit))
            retryAfter = RetrySchedule.parseRetryAfter(response.header("Retry-After"), now: started)
        } catch let error as PasarelaError {
            failure = error.message
        } catch let error as SignatureError {
            failure = "cannot sign: \(error.reason)"
        } catch {
            failure = "\(error)"
        }
        let now = clock.now()
        let duration = startedAt.duration(to: .now)
        let milliseconds = Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
        delivery.attemptCount += 1
        delivery.lastStatusCode = statusCode
        delivery.lastError = failure ?? statusCode.map { "HTTP \($0)" }
        delivery.updatedAt = now
        switch statusCode {
        case .some(200...299):
            delivery.status = .delivered
            delivery.lastError = nil
            delivery.nextAttemptAt = nil
        case .some(410):
            delivery.status = .disabled
            delivery.nextAttemptAt = nil
        case .none where partnerGone:
            delivery.status = .dead
            delivery.nextAttemptAt = nil
        default:
            let wait = settings.schedule.delay(
                afterAttempts: delivery.attemptCount, retryAfter: statusCode == 429 || statusCode == 503 ? retryAfter : nil,
                jitter: RetrySchedule.randomJitter())
            delivery.status = wait == nil ? .dead : .pending
            delivery.nextAttemptAt = wait.map { now.addingTimeInterval($0) }
        }
        metrics.deliveryAttemptDuration.record(duration, delivery.partnerID)
        metrics.deliveries.counter(delivery.partnerID, Self.outcome(of: delivery.status)).increment()
        let attempt = DeliveryAttempt(
            deliveryID: delivery.id, at: started, statusCode: statusCode, durationMilliseconds: milliseconds, error: failure,
            responseBody: answer)
        await Self.record(attempt, updating: delivery, in: storage, logger: logger)
        logger.info(
            "delivery attempt",
            metadata: [
                "delivery_id": "\(delivery.id)", "partner_id": "\(delivery.partnerID)", "event_id": "\(delivery.eventID)",
                "status": "\(delivery.status.rawValue)", "http_status": "\(statusCode.map(String.init) ?? "none")",
                "attempt": "\(delivery.attemptCount)", "duration_ms": "\(milliseconds)",
            ])
    }

    /// Stores `attempt` and the delivery's new state. When that fails with the answer's text, the
    /// attempt is stored again without it: a delivered event whose record fails would be due again
    /// when its lease runs out, and sent for ever.
    static func record(_ attempt: DeliveryAttempt, updating delivery: Delivery, in storage: any PasarelaStorage, logger: Logger) async {
        var attempt = attempt
        while true {
            do {
                if try await !storage.recordAttempt(attempt, updating: delivery) {
                    logger.warning(
                        "delivery lease expired during the attempt; another claim owns it", metadata: ["delivery_id": "\(delivery.id)"])
                }
                return
            } catch {
                logger.error("cannot record a delivery attempt", metadata: ["delivery_id": "\(delivery.id)", "error": "\(error)"])
                guard attempt.responseBody != nil else { return }
                attempt.responseBody = nil
                attempt.error = [attempt.error, "the answer's body could not be stored"].compactMap { $0 }.joined(separator: "; ")
            }
        }
    }
}
