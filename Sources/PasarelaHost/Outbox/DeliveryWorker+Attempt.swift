import Foundation
import Logging
import PasarelaKit

extension DeliveryWorker {
    /// How one attempt went, before it is recorded.
    struct Exchange {
        var answer: WebhookAnswer?
        var failure: String?
        var partnerGone = false
        /// Cancelled by shutdown before it ended.
        var interrupted = false
    }

    /// An attempt made and concluded, waiting to be recorded.
    struct Concluded: Sendable {
        var record: RecordedAttempt
        /// Whether the partner answered at all.
        var answered: Bool
        /// Whether the attempt says something of the partner's health: not one cut short by
        /// shutdown, nor one whose partner is gone.
        var tellsHealth = true
    }

    /// One attempt: sign, send, and decide what comes next. The worker records it.
    func attempt(_ claimed: Delivery) async -> Concluded {
        await pace(claimed)
        let started = clock.now()
        let startedAt = ContinuousClock.now
        let exchange = await send(claimed, at: started)
        let duration = startedAt.duration(to: .now)
        let milliseconds = Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
        let delivery = conclude(claimed, with: exchange, startedAt: started)
        metrics.deliveryAttemptDuration.record(duration, delivery.partnerID)
        metrics.deliveries.counter(delivery.partnerID, Self.outcome(of: delivery.status)).increment()
        let attempt = DeliveryAttempt(
            deliveryID: delivery.id, at: started, statusCode: exchange.answer?.status, durationMilliseconds: milliseconds,
            error: exchange.failure, responseBody: exchange.answer.map { DeliveryAttempt.storableText($0.body) })
        logger.info(
            "delivery attempt",
            metadata: [
                "delivery_id": "\(delivery.id)", "partner_id": "\(delivery.partnerID)", "event_id": "\(delivery.eventID)",
                "status": "\(delivery.status.rawValue)", "http_status": "\(exchange.answer.map { String($0.status) } ?? "none")",
                "attempt": "\(delivery.attemptCount)", "duration_ms": "\(milliseconds)",
            ])
        return Concluded(
            record: RecordedAttempt(attempt: attempt, delivery: delivery), answered: exchange.answer != nil,
            tellsHealth: !exchange.interrupted && !exchange.partnerGone)
    }

    /// Signs `delivery` for its partner and posts it.
    private func send(_ delivery: Delivery, at started: Date) async -> Exchange {
        var exchange = Exchange()
        do {
            guard let partner = try await partners.partner(id: delivery.partnerID) else {
                exchange.partnerGone = true
                throw PasarelaError(.notFound, "the partner no longer exists")
            }
            let scheme = try SignatureSchemes.named(partner.scheme)
            let body = partner.scheme == "seed" ? Self.restamped(delivery.body, at: started) : delivery.body
            var headers = PartnerHeaders.merged(
                [("Content-Type", "application/json"), ("User-Agent", "pasarela"), ("X-Partner-ID", settings.identity)], partner.headers)
            headers += try scheme.sign(
                SignedMessage(id: delivery.eventID, timestamp: started, body: body), secrets: partner.secrets(at: started))
            exchange.answer = try await settings.sender.post(to: partner.webhookURL, headers: headers, body: body)
        } catch let error as PasarelaError {
            exchange.failure = error.message
        } catch let error as SignatureError {
            exchange.failure = "cannot sign: \(error.reason)"
        } catch is CancellationError {
            exchange.failure = "interrupted: the host shut down before the partner answered"
        } catch {
            exchange.failure = "\(error)"
        }
        exchange.interrupted = exchange.answer == nil && Task.isCancelled
        return exchange
    }

    /// The delivery as `exchange` leaves it: delivered, disabled, dead, or pending with its next
    /// attempt scheduled (due at once when shutdown interrupted it).
    private func conclude(_ claimed: Delivery, with exchange: Exchange, startedAt started: Date) -> Delivery {
        var delivery = claimed
        let now = clock.now()
        let statusCode = exchange.answer?.status
        delivery.attemptCount += 1
        delivery.lastStatusCode = statusCode
        delivery.lastError = exchange.failure ?? statusCode.map { "HTTP \($0)" }
        delivery.updatedAt = now
        switch statusCode {
        case .some(200...299):
            delivery.status = .delivered
            delivery.lastError = nil
            delivery.nextAttemptAt = nil
        case .some(410):
            delivery.status = .disabled
            delivery.nextAttemptAt = nil
        case .none where exchange.partnerGone:
            delivery.status = .dead
            delivery.nextAttemptAt = nil
        case .none where exchange.interrupted:
            delivery.status = .pending
            delivery.nextAttemptAt = now
        default:
            let retryAfter = RetrySchedule.parseRetryAfter(exchange.answer?.retryAfter, now: started)
            let wait = settings.schedule.delay(
                afterAttempts: delivery.attemptCount, retryAfter: statusCode == 429 || statusCode == 503 ? retryAfter : nil,
                jitter: RetrySchedule.randomJitter())
            delivery.status = wait == nil ? .dead : .pending
            delivery.nextAttemptAt = wait.map { now.addingTimeInterval($0) }
        }
        return delivery
    }

    /// Stores the attempts and their deliveries' new states, together in one transaction; returns,
    /// in order, whether each state was written. When
    /// that fails, each is stored alone, and one that fails with its answer's text is stored again
    /// without it: a delivered event whose record fails would be due again when its lease runs
    /// out, and sent for ever.
    @discardableResult
    static func record(_ records: [RecordedAttempt], in storage: any OutboxStore, logger: Logger) async -> [Bool] {
        if records.count > 1 {
            do {
                let written = try await storage.recordAttempts(records)
                for (record, stateWritten) in zip(records, written) where !stateWritten { leaseExpired(record.delivery, logger: logger) }
                return written
            } catch {
                logger.error(
                    "cannot record delivery attempts together; recording them one by one",
                    metadata: ["count": "\(records.count)", "error": "\(error)"])
            }
        }
        var written: [Bool] = []
        for record in records { written.append(await recordAlone(record, in: storage, logger: logger)) }
        return written
    }

    /// Records one attempt; returns whether its delivery's state was written.
    private static func recordAlone(_ record: RecordedAttempt, in storage: any OutboxStore, logger: Logger) async -> Bool {
        var record = record
        while true {
            do {
                let written = try await storage.recordAttempts([record]) == [true]
                if !written { leaseExpired(record.delivery, logger: logger) }
                return written
            } catch {
                logger.error(
                    "cannot record a delivery attempt", metadata: ["delivery_id": "\(record.delivery.id)", "error": "\(error)"])
                guard record.attempt.responseBody != nil else { return false }
                record.attempt.responseBody = nil
                record.attempt.error = [record.attempt.error, "the answer's body could not be stored"].compactMap { $0 }
                    .joined(separator: "; ")
            }
        }
    }

    private static func leaseExpired(_ delivery: Delivery, logger: Logger) {
        logger.warning("delivery lease expired during the attempt; another claim owns it", metadata: ["delivery_id": "\(delivery.id)"])
    }
}
