import Foundation
import Logging
import PasarelaKit

/// Creates, reads, refunds and cancels payments through the configured providers, and applies
/// what providers report. Each payment's changes run one at a time, on this host and across every
/// host sharing the database (see ``serialized(_:_:)``).
struct PaymentService: Sendable {
    let storage: any PasarelaStorage
    let providers: ProviderDirectory
    let clock: any WallClock
    let ids: IdentifierGenerator
    let locks = KeyedLock()
    let logger: Logger
    let packInbox: PaymentEventInbox
    /// Counts each status a payment reaches.
    let metrics: HostMetrics
    /// `server.public_url`, the base of the URLs handed to providers.
    let publicURL: String

    func create(_ input: CreatePaymentInput, idempotencyKey: String?) async throws -> Payment {
        let instance = try providers.instance(requested: input.instance, currency: input.amount.currency)
        let provider = try provider(instance)
        let id = ids.make("pay", now: clock.now())
        let reported: ProviderPayment
        var nextAction: NextAction?
        if let checkout = input.checkout {
            let opened = try await openCheckout(
                checkout, for: input, paymentID: id, instance: instance, provider: provider, idempotencyKey: idempotencyKey ?? id)
            reported = opened.payment
            nextAction = .redirect(to: opened.url, expiresAt: opened.expiresAt)
        } else {
            reported = try await provider.createPayment(
                CreatePaymentRequest(
                    paymentID: id, amount: input.amount, description: input.description, metadata: input.metadata,
                    customer: input.customer, paymentMethod: input.paymentMethod, idempotencyKey: idempotencyKey ?? id))
            nextAction = reported.nextAction
        }
        if let existing = try await storage.payment(instance: instance, providerPaymentID: reported.providerPaymentID) {
            return existing
        }
        let now = clock.now()
        var initial = Payment(
            id: id, instance: instance, providerPaymentID: reported.providerPaymentID, status: reported.status,
            amount: input.amount, refundedMinor: reported.refundedMinor ?? 0, description: input.description,
            metadata: input.metadata, customer: input.customer,
            failureCode: reported.status == .failed ? reported.failureCode : nil,
            failureMessage: reported.status == .failed ? reported.failureMessage : nil,
            providerStatus: reported.providerStatus, createdAt: now, updatedAt: now)
        initial.nextAction = reported.status == .requiresAction ? nextAction : nil
        let event = PaymentEventRecord(
            id: ids.make("evt", now: now), paymentID: id, type: reported.status.eventType, status: reported.status,
            previousStatus: nil, source: .api, occurredAt: now)
        let inbox = packInbox.inboxEvents(for: initial, [event])
        try await storage.insertPayment(initial, events: [event], inbox: inbox)
        packInbox.stored(inbox)
        metrics.recordPayment(instance: instance, events: [event])
        logger.info(
            "payment created",
            metadata: ["payment_id": "\(id)", "instance": "\(instance)", "status": "\(reported.status.rawValue)"])
        return initial
    }

    func payment(id: String, refresh: Bool) async throws -> Payment {
        guard refresh else { return try await existing(id) }
        return try await serialized(id) {
            let payment = try await existing(id)
            let reported = try await provider(payment.instance).fetchPayment(providerPaymentID: payment.providerPaymentID)
            return try await save(payment, applying: reported, source: .poll, providerEventID: nil)
        }
    }

    func payments(_ query: PaymentQuery) async throws -> [Payment] {
        try await storage.payments(query)
    }

    /// A payment's normalized events, oldest first; a 404 for an unknown payment.
    func events(paymentID: String) async throws -> [PaymentEventRecord] {
        _ = try await existing(paymentID)
        return try await storage.paymentEvents(paymentID: paymentID)
    }

    /// A payment's refunds, oldest first.
    func refunds(paymentID: String) async throws -> [Refund] {
        try await storage.refunds(paymentID: paymentID)
    }

    func refund(paymentID: String, input: RefundInput, idempotencyKey: String?) async throws -> Refund {
        try await serialized(paymentID) {
            var payment = try await existing(paymentID)
            guard payment.status == .succeeded || payment.status == .partiallyRefunded else {
                throw PasarelaError(.invalidState, "a \(payment.status.rawValue) payment cannot be refunded")
            }
            let pendingMinor = Self.pendingMinor(try await storage.refunds(paymentID: paymentID))
            let amount = try input.amount(for: payment, pendingMinor: pendingMinor)
            let provider = try provider(payment.instance)
            guard provider.capabilities.contains(amount.minor == payment.refundableMinor ? .refund : .partialRefund) else {
                throw PasarelaError.unsupported(amount.minor == payment.refundableMinor ? "refunds" : "partial refunds", module: provider.moduleName)
            }
            let refundID = ids.make("re", now: clock.now())
            let reported = try await provider.refundPayment(
                RefundRequest(
                    refundID: refundID, payment: payment, amount: amount, reason: input.reason,
                    idempotencyKey: idempotencyKey.map { "refund-\(paymentID)-\($0)" } ?? refundID, metadata: input.metadata))
            let now = clock.now()
            let refund = Refund(
                id: refundID, paymentID: paymentID, providerRefundID: reported.providerRefundID, amount: amount,
                status: reported.status, reason: input.reason, createdAt: now)
            var transition = PaymentTransition(payment)
            if reported.status == .succeeded {
                transition.addRefund(amount.minor, source: .api, at: now, ids: ids)
            }
            payment = transition.payment
            let inbox = packInbox.inboxEvents(for: payment, transition.events)
            try await storage.updatePayment(payment, refund: refund, events: transition.events, inbox: inbox)
            packInbox.stored(inbox)
            metrics.recordPayment(instance: payment.instance, events: transition.events)
            logger.info(
                "refund created",
                metadata: ["payment_id": "\(paymentID)", "refund_id": "\(refundID)", "status": "\(reported.status.rawValue)"])
            return refund
        }
    }

    func cancel(paymentID: String, idempotencyKey: String?) async throws -> Payment {
        try await serialized(paymentID) {
            let payment = try await existing(paymentID)
            if payment.status == .canceled { return payment }
            guard payment.status.isInFlight else {
                throw PasarelaError(.invalidState, "a \(payment.status.rawValue) payment cannot be canceled")
            }
            let reported = try await provider(payment.instance).cancelPayment(
                CancelRequest(
                    payment: payment,
                    // Providers scope keys per account: the create's key must not be reused for the cancel.
                    idempotencyKey: idempotencyKey.map { "cancel-\(paymentID)-\($0)" } ?? "cancel-\(paymentID)"))
            return try await save(payment, applying: reported, source: .api, providerEventID: nil)
        }
    }

    /// Verifies a provider webhook with the instance's module and applies the events it reports,
    /// each once: an event id seen before is reported as a duplicate and not applied again.
    func handleWebhook(instance: String, request: ProviderWebhookRequest) async throws -> [WebhookEventOutcome] {
        guard let provider = providers.provider(instance) else {
            throw PasarelaError(.notFound, "no payment instance named '\(instance)'")
        }
        return try await apply(try await provider.handleWebhook(request), instance: instance, receivedAt: request.receivedAt)
    }

    /// Applies events `instance`'s module reported (in a webhook, or from one of its routes), each
    /// once: an event id seen before is reported as a duplicate and not applied again.
    func apply(_ events: [NormalizedEvent], instance: String, receivedAt: Date) async throws -> [WebhookEventOutcome] {
        var outcomes: [WebhookEventOutcome] = []
        for event in events {
            if try await storage.providerEventApplied(instance: instance, eventID: event.id) {
                outcomes.append(WebhookEventOutcome(eventID: event.id, duplicate: true))
                continue
            }
            var appliedTo: String?
            if let candidate = try await candidate(for: event, instance: instance) {
                // Checked against the payment as it is under the lock: an event applied meanwhile
                // may have given it another provider id.
                appliedTo = try await serialized(candidate.id) { () -> String? in
                    let payment = try await existing(candidate.id)
                    if let mismatch = Self.mismatch(between: event.payment, and: payment) {
                        logMismatch(mismatch, of: event, with: payment, instance: instance)
                        return nil
                    }
                    _ = try await save(payment, applying: event.payment, refund: event.refund, source: .webhook, providerEventID: event.id)
                    return payment.id
                }
            }
            try await storage.recordProviderEvent(
                ProviderEventRecord(
                    instance: instance, eventID: event.id, type: event.type, providerPaymentID: event.payment.providerPaymentID,
                    paymentID: appliedTo, receivedAt: receivedAt))
            outcomes.append(WebhookEventOutcome(eventID: event.id, duplicate: false))
        }
        return outcomes
    }

    /// The payment of `instance` that `event` is about: the one it names (the id the provider
    /// echoed back), else the one with its provider id, else the one with the provider id it
    /// replaces. `nil`, logged, when there is none.
    private func candidate(for event: NormalizedEvent, instance: String) async throws -> Payment? {
        if let paymentID = event.paymentID, let payment = try await storage.payment(id: paymentID), payment.instance == instance {
            return payment
        }
        if let payment = try await storage.payment(instance: instance, providerPaymentID: event.payment.providerPaymentID) {
            return payment
        }
        if let replaced = event.payment.replacesProviderPaymentID,
            let payment = try await storage.payment(instance: instance, providerPaymentID: replaced)
        {
            return payment
        }
        logger.notice(
            "provider webhook for an unknown payment", metadata: ["instance": "\(instance)", "event_id": "\(event.id)", "type": "\(event.type)"])
        return nil
    }

    /// Logs an event not applied to `payment` because its provider id, amount or currency is not
    /// the payment's: as an error when it says money was taken (a second payment made in one
    /// checkout, say), at info for a payment made in a hosted checkout that has not reported it
    /// yet (its own event will), else as a warning.
    private func logMismatch(_ mismatch: String, of event: NormalizedEvent, with payment: Payment, instance: String) {
        let metadata: Logger.Metadata = [
            "instance": "\(instance)", "event_id": "\(event.id)", "type": "\(event.type)", "payment_id": "\(payment.id)",
            "mismatch": "\(mismatch)", "provider_payment_id": "\(event.payment.providerPaymentID)",
        ]
        if mismatch == "provider_payment_id", payment.status == .requiresAction, payment.nextAction?.expiresAt != nil {
            logger.info("provider event about a payment made in a checkout that has not reported it; not applied", metadata: metadata)
        } else if event.payment.status == .succeeded {
            logger.error(
                "provider reports money taken in a payment that does not match the one it names; not applied, refund or settle it at the provider",
                metadata: metadata)
        } else {
            logger.warning("provider webhook event disagrees with the payment it names; not applied", metadata: metadata)
        }
    }

    /// The field in which what the provider reports disagrees with `payment`, if any.
    private static func mismatch(between reported: ProviderPayment, and payment: Payment) -> String? {
        if reported.providerPaymentID != payment.providerPaymentID, reported.replacesProviderPaymentID != payment.providerPaymentID {
            return "provider_payment_id"
        }
        guard let amount = reported.amount, amount != payment.amount else { return nil }
        return amount.currency == payment.amount.currency ? "amount" : "currency"
    }

    /// What became of one event of a provider webhook.
    struct WebhookEventOutcome: Sendable {
        var eventID: String
        var duplicate: Bool
    }

    /// Applies what the provider reports of a payment and, for a refund event, settles the pending
    /// refund it names, in one write.
    private func save(
        _ payment: Payment, applying reported: ProviderPayment, refund update: ProviderRefund? = nil, source: PaymentEventSource,
        providerEventID: String?
    ) async throws -> Payment {
        let now = clock.now()
        if reported.status == .succeeded, payment.status == .failed || payment.status == .canceled {
            // The status stays (an ended payment never moves on), but the money was taken: a person must act.
            logger.error(
                "provider reports money taken for a payment this host has ended; refund or settle it at the provider",
                metadata: [
                    "payment_id": "\(payment.id)", "status": "\(payment.status.rawValue)",
                    "provider_payment_id": "\(reported.providerPaymentID)", "source": "\(source.rawValue)",
                ])
        }
        // Only a refund update or a refunded amount needs the refunds; most changes are neither.
        let refunds = update != nil || reported.refundedMinor != nil ? try await storage.refunds(paymentID: payment.id) : []
        var transition = PaymentTransition(payment)
        var settled: Refund?
        if let update {
            if let refund = refunds.first(where: { $0.providerRefundID == update.providerRefundID }) {
                settled = transition.settle(refund, as: update.status, source: source, providerEventID: providerEventID, at: now, ids: ids)
            } else {
                logger.notice(
                    "provider reported a refund this host did not make",
                    metadata: ["payment_id": "\(payment.id)", "provider_refund_id": "\(update.providerRefundID)"])
            }
        }
        let pendingMinor = Self.pendingMinor(refunds.filter { $0.id != settled?.id })
        transition.apply(
            reported, source: source, providerEventID: providerEventID, pendingRefundsMinor: pendingMinor, at: now, ids: ids)
        guard transition.changed(from: payment) || settled != nil else { return payment }
        let inbox = packInbox.inboxEvents(for: transition.payment, transition.events)
        try await storage.updatePayment(transition.payment, refund: settled, events: transition.events, inbox: inbox)
        if let settled {
            logger.info(
                "refund settled",
                metadata: ["payment_id": "\(payment.id)", "refund_id": "\(settled.id)", "status": "\(settled.status.rawValue)"])
        }
        packInbox.stored(inbox)
        metrics.recordPayment(instance: payment.instance, events: transition.events)
        for event in transition.events {
            logger.info(
                "payment status changed",
                metadata: [
                    "payment_id": "\(payment.id)", "event_id": "\(event.id)", "event": "\(event.type)", "status": "\(event.status.rawValue)",
                    "source": "\(source.rawValue)",
                ])
        }
        return transition.payment
    }

    /// Runs `body` while nothing else changes payment `id`: calls on this host wait in line in
    /// memory (without holding a database connection), and one call per host then takes the
    /// database's lock for the payment, so two hosts refunding one payment never both read the
    /// amount before either wrote its refund. `body` reads the payment afresh inside.
    private func serialized<Result: Sendable>(_ id: String, _ body: () async throws -> Result) async throws -> Result {
        try await locks.withLock(id) {
            try await storage.exclusively(scope: "payment/\(id)", body)
        }
    }

    /// What `refunds` still pending hold back.
    private static func pendingMinor(_ refunds: [Refund]) -> Int64 {
        refunds.filter { $0.status == .pending }.reduce(0) { $0 + $1.amount.minor }
    }

    private func existing(_ id: String) async throws -> Payment {
        guard let payment = try await storage.payment(id: id) else {
            throw PasarelaError(.notFound, "no payment \(id)")
        }
        return payment
    }

    private func provider(_ instance: String) throws(PasarelaError) -> any PaymentProvider {
        guard let provider = providers.provider(instance) else {
            throw PasarelaError(.notFound, "no payment instance named '\(instance)'")
        }
        return provider
    }
}
