import PasarelaKit

/// Refunds: succeeded, failed, or pending until a mock webhook `{"id", "provider_refund_id",
/// "status": "succeeded" | "failed"}` settles them (``MockOutcome/refundStatus(metadata:)``).
extension MockPaymentProvider {
    func refundPayment(_ request: RefundRequest) async throws -> ProviderRefund {
        guard var record = try await record(request.payment.providerPaymentID) else {
            throw PasarelaError(.notFound, "the mock provider has no payment \(request.payment.providerPaymentID)")
        }
        let idempotencyKey = MockRefundRecord.idempotencyKey(request.idempotencyKey)
        if let earlier = try await context.store.load(String.self, forKey: idempotencyKey) {
            let status = try await refundRecord(earlier).flatMap { RefundStatus(rawValue: $0.status) } ?? .succeeded
            return ProviderRefund(providerRefundID: earlier, status: status)
        }
        let status = try MockOutcome.refundStatus(metadata: request.metadata)
        guard record.status == PaymentStatus.succeeded.rawValue || record.status == PaymentStatus.partiallyRefunded.rawValue else {
            throw PasarelaError(.invalidState, "the mock provider cannot refund a \(record.status) payment")
        }
        guard request.amount.minor > 0, request.amount.minor <= record.amountMinor - record.refundedMinor else {
            throw PasarelaError(.invalidRequest, "the refund exceeds what remains of the payment")
        }
        let refund = MockRefundRecord(
            providerRefundID: "mock_re_" + Self.derivedID(request.refundID), providerPaymentID: record.providerPaymentID,
            amountMinor: request.amount.minor, status: status.rawValue)
        if status == .succeeded {
            record.addRefunded(refund.amountMinor)
            try await context.store.save(record, forKey: MockPaymentRecord.key(record.providerPaymentID))
        }
        try await context.store.save(refund, forKey: MockRefundRecord.key(refund.providerRefundID))
        try await context.store.save(refund.providerRefundID, forKey: idempotencyKey)
        return ProviderRefund(providerRefundID: refund.providerRefundID, status: status)
    }

    /// The event of a mock refund webhook: a pending refund settles as `status` says; the event
    /// reports the refund and its payment as they are afterwards.
    func refundEvent(id eventID: String, providerRefundID: String, status statusName: String?) async throws -> [NormalizedEvent] {
        guard let statusName, let status = RefundStatus(rawValue: statusName), status != .pending else {
            context.logger.info("mock refund webhook without succeeded or failed ignored", metadata: ["event_id": "\(eventID)"])
            return []
        }
        guard var refund = try await refundRecord(providerRefundID), var record = try await record(refund.providerPaymentID) else {
            context.logger.info("mock refund webhook for an unknown refund ignored", metadata: ["event_id": "\(eventID)"])
            return []
        }
        if refund.status == RefundStatus.pending.rawValue {
            refund.status = status.rawValue
            if status == .succeeded {
                record.addRefunded(refund.amountMinor)
                try await context.store.save(record, forKey: MockPaymentRecord.key(record.providerPaymentID))
            }
            try await context.store.save(refund, forKey: MockRefundRecord.key(providerRefundID))
        }
        let payment = snapshot(of: record)
        return [
            NormalizedEvent(
                id: eventID, type: payment.status.eventType, payment: payment, paymentID: record.paymentID,
                occurredAt: context.clock.now(),
                refund: ProviderRefund(providerRefundID: providerRefundID, status: RefundStatus(rawValue: refund.status) ?? status))
        ]
    }

    private func refundRecord(_ providerRefundID: String) async throws -> MockRefundRecord? {
        try await context.store.load(MockRefundRecord.self, forKey: MockRefundRecord.key(providerRefundID))
    }
}
