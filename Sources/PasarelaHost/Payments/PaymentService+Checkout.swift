import Foundation
import PasarelaKit

extension PaymentService {
    /// Asks `provider` to open a hosted checkout for payment `paymentID`; the return URLs carry
    /// `payment_id`, and the module learns where the host serves its routes and webhooks.
    func openCheckout(
        _ checkout: CheckoutInput, for input: CreatePaymentInput, paymentID: String, instance: String, provider: any PaymentProvider,
        idempotencyKey: String
    ) async throws -> HostedCheckout {
        guard provider.capabilities.contains(.hostedCheckout) else {
            throw PasarelaError(
                .unsupportedCapability, "instance '\(instance)' (module \(provider.moduleName)) does not offer hosted checkout")
        }
        let request = CheckoutRequest(
            paymentID: paymentID, amount: input.amount, description: input.description, metadata: input.metadata,
            customer: input.customer, lineItems: checkout.lineItems,
            successURL: AbsoluteHTTPURL.adding("payment_id", paymentID, to: checkout.successURL),
            cancelURL: AbsoluteHTTPURL.adding("payment_id", paymentID, to: checkout.cancelURL),
            expiresAt: clock.now().addingTimeInterval(TimeInterval(checkout.expiresInSeconds)),
            routesURL: "\(publicURL)/checkout/\(instance)", webhookURL: "\(publicURL)/webhooks/providers/\(instance)",
            idempotencyKey: idempotencyKey)
        return try await provider.openCheckout(request)
    }
}
