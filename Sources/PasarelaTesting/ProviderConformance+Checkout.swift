import Foundation
import PasarelaKit

/// Hosted checkout, for modules that declare it.
extension ProviderConformance {
    /// How far the page's expiry may be from the one asked: providers round to the second, and
    /// some keep a margin of their own (Stripe's 30-minute minimum).
    static let checkoutExpirySlack: TimeInterval = 120

    /// Opens a checkout and checks what comes back: a `requires_action` payment of the amount
    /// asked, an absolute http(s) page, an expiry close to the one asked; the same request again
    /// is the same checkout; reading it finds it open; canceling it ends it.
    func hostedCheckout(_ run: ProviderCheckRun) async throws -> [String] {
        let provider = try run.provider()
        let request = run.checkoutRequest(ProviderCheckRun.amount(in: try run.primaryCurrency()))
        let opened = try await run.expectSuccess("opening a hosted checkout") { try await provider.openCheckout(request) }
        var problems = Self.problems(of: opened, for: request)
        let again = try await run.expectSuccess("opening the same hosted checkout again") { try await provider.openCheckout(request) }
        if again.payment.providerPaymentID != opened.payment.providerPaymentID || again.url != opened.url {
            problems.append(
                "expected one checkout for a repeated idempotency key, got \(opened.payment.providerPaymentID) at \(opened.url) "
                    + "and \(again.payment.providerPaymentID) at \(again.url)")
        }
        let id = opened.payment.providerPaymentID
        if provider.capabilities.contains(.fetch) {
            let read = await run.attempt { try await provider.fetchPayment(providerPaymentID: id) }
            if case .success(let payment) = read, payment.status == .requiresAction { } else {
                problems.append("expected an open checkout to read requires_action, got \(ConformanceRunner.describe(read))")
            }
        }
        if provider.capabilities.contains(.cancel) {
            let payment = run.hostPayment(opened.payment, amount: request.amount)
            let canceled = await run.attempt {
                try await provider.cancelPayment(CancelRequest(payment: payment, idempotencyKey: run.nextID("key")))
            }
            if case .success(let payment) = canceled, payment.status == .canceled { } else {
                problems.append("expected canceling an open checkout to give canceled, got \(ConformanceRunner.describe(canceled))")
            }
        }
        return problems
    }

    /// What is wrong with `opened`, the answer to `request`.
    private static func problems(of opened: HostedCheckout, for request: CheckoutRequest) -> [String] {
        var problems: [String] = []
        if opened.payment.status != .requiresAction {
            problems.append("expected a new checkout's payment to be requires_action, got \(opened.payment.status.rawValue)")
        }
        if let amount = opened.payment.amount, amount != request.amount {
            problems.append("expected the checkout to charge \(request.amount), the provider reports \(amount)")
        }
        let scheme = URLComponents(string: opened.url)?.scheme?.lowercased()
        if !(scheme == "https" || scheme == "http") || URLComponents(string: opened.url)?.host?.isEmpty != false {
            problems.append("expected the checkout's page to be an absolute http(s) URL, got '\(opened.url)'")
        }
        let drift = opened.expiresAt.timeIntervalSince(request.expiresAt)
        if drift < -1 || drift > checkoutExpirySlack {
            problems.append("expected the checkout to expire at \(request.expiresAt) (or within \(Int(checkoutExpirySlack)) s after), got \(opened.expiresAt)")
        }
        return problems
    }
}

extension ProviderCheckRun {
    /// A checkout of `amount` as two line items, open for an hour, returning to example.com.
    func checkoutRequest(_ amount: Money) -> CheckoutRequest {
        let paymentID = nextID("pay")
        let first = Money(minor: amount.minor / 2, currency: amount.currency)
        let items = [
            CheckoutLineItem(name: "Conformance item", quantity: 1, unitAmount: first),
            CheckoutLineItem(name: "Conformance item 2", quantity: 1, unitAmount: Money(minor: amount.minor - first.minor, currency: amount.currency)),
        ]
        return CheckoutRequest(
            paymentID: paymentID, amount: amount, description: "conformance", metadata: fixture.metadata, lineItems: items,
            successURL: "https://example.com/paid?payment_id=\(paymentID)", cancelURL: "https://example.com/cart?payment_id=\(paymentID)",
            expiresAt: clock.now().addingTimeInterval(3_600), routesURL: "https://pasarela.example/checkout/\(descriptor.name)",
            webhookURL: "https://pasarela.example/webhooks/providers/\(descriptor.name)", idempotencyKey: nextID("key"))
    }
}
