import Foundation
import PasarelaKit

extension StripePaymentProvider {
    /// Opens a Checkout Session (`POST /v1/checkout/sessions`); the customer goes to its `url`.
    func openCheckout(_ request: CheckoutRequest) async throws -> HostedCheckout {
        let form = try StripeCheckout.sessionForm(for: request, now: context.clock.now())
        switch try await client.post("/v1/checkout/sessions", form: form, idempotencyKey: request.idempotencyKey) {
        case .object(let session):
            guard let url = session["url"]?.stringValue, let expiresAt = session["expires_at"]?.int64Value else {
                throw PasarelaError.providerUnavailable("Stripe answered POST /v1/checkout/sessions without url or expires_at", retryable: false)
            }
            return HostedCheckout(
                payment: try StripeCheckout.payment(fromSession: session), url: url,
                expiresAt: Date(timeIntervalSince1970: TimeInterval(expiresAt)))
        case .declined(let payment):
            throw PasarelaError(.invalidRequest, "Stripe refused the Checkout Session (\(payment.failureCode ?? "card_error"))")
        }
    }

    /// Reads Checkout Session `id` with its PaymentIntent (and that one's charge) expanded.
    func fetchSession(_ id: String) async throws -> ProviderPayment {
        let path = "/v1/checkout/sessions/\(StripeForm.escape(id))?\(StripeForm.escape("expand[]"))=payment_intent.latest_charge"
        return try StripeCheckout.payment(fromSession: try await sessionObject(client.get(path), operation: "GET /v1/checkout/sessions"))
    }

    /// Ends open Checkout Session `id` now (`POST /v1/checkout/sessions/{id}/expire`): the customer
    /// can no longer pay on its page.
    func expireSession(_ id: String, idempotencyKey: String) async throws -> ProviderPayment {
        let path = "/v1/checkout/sessions/\(StripeForm.escape(id))/expire"
        let answer = try await client.post(path, form: StripeForm(), idempotencyKey: idempotencyKey)
        return try StripeCheckout.payment(fromSession: try sessionObject(answer, operation: "POST /v1/checkout/sessions/expire"))
    }

    private func sessionObject(_ answer: StripeClient.Answer, operation: String) throws -> JSONValue {
        guard case .object(let session) = answer else {
            throw PasarelaError.providerUnavailable("Stripe answered \(operation) with a card error", retryable: false)
        }
        return session
    }
}
