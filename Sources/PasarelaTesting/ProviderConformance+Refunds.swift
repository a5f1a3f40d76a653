import PasarelaKit

/// Refunds beyond what remains.
extension ProviderConformance {
    func refundLimits(_ run: ProviderCheckRun) async throws -> [String] {
        let provider = try run.provider()
        let amount = ProviderCheckRun.amount(in: try run.primaryCurrency())
        let whole = try await run.createSucceeded(with: provider, amount)
        var problems = try await refusesRefund(of: amount.minor + 1, on: run.hostPayment(whole, amount: amount), with: provider, run)
        if provider.capabilities.contains(.partialRefund) {
            let partly = try await run.createSucceeded(with: provider, amount)
            let half = amount.minor / 2
            let what = "a partial refund of \(Money(minor: half, currency: amount.currency)) on a payment of \(amount)"
            _ = try await run.expectSuccess(what) {
                try await provider.refundPayment(refund(half, of: run.hostPayment(partly, amount: amount), run))
            }
            problems += try await refusesRefund(
                of: amount.minor - half + 1, on: run.hostPayment(partly, amount: amount, refundedMinor: half), with: provider, run)
        }
        return problems
    }

    /// Asks for a refund of `minor` on `payment`, which must be refused with a 4xx and refund nothing.
    private func refusesRefund(of minor: Int64, on payment: Payment, with provider: any PaymentProvider, _ run: ProviderCheckRun)
        async throws -> [String]
    {
        let asked = Money(minor: minor, currency: payment.amount.currency)
        let refunded = Money(minor: payment.refundedMinor, currency: payment.amount.currency)
        let what = "a refund of \(asked) on a payment of \(payment.amount) with \(refunded) refunded"
        var problems: [String] = []
        let result = await run.attempt { try await provider.refundPayment(refund(minor, of: payment, run)) }
        if !ConformanceRunner.isClientError(result) {
            problems.append("expected \(what) to be refused with a 4xx error, got \(ConformanceRunner.describe(result))")
        }
        if provider.capabilities.contains(.fetch) {
            let now = try await run.expectSuccess("fetching payment \(payment.providerPaymentID)") {
                try await provider.fetchPayment(providerPaymentID: payment.providerPaymentID)
            }
            if let reported = now.refundedMinor, reported != payment.refundedMinor {
                let total = Money(minor: reported, currency: payment.amount.currency)
                problems.append("expected \(what) to refund nothing, the provider now reports \(total) refunded")
            }
        }
        return problems
    }

    /// A refund request for `minor` of `payment`.
    func refund(_ minor: Int64, of payment: Payment, _ run: ProviderCheckRun) -> RefundRequest {
        RefundRequest(
            refundID: run.nextID("re"), payment: payment, amount: Money(minor: minor, currency: payment.amount.currency),
            idempotencyKey: run.nextID("key"))
    }
}
