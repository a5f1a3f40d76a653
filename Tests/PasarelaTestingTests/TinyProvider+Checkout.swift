import Foundation
import PasarelaKit

/// The tiny provider's hosted checkout: a page per checkout at tiny.example, open until asked.
extension TinyProvider {
    func openCheckout(_ request: CheckoutRequest) async throws -> HostedCheckout {
        let id = ledger.charge(
            request.amount, idempotencyKey: flaws.contains(.checkoutTwice) ? nil : request.idempotencyKey, awaitsCustomer: true)
        let status: PaymentStatus = flaws.contains(.checkoutAlreadyPaid) ? .succeeded : .requiresAction
        return HostedCheckout(
            payment: ProviderPayment(providerPaymentID: id, status: status, providerStatus: "open", amount: request.amount),
            url: (flaws.contains(.checkoutRelativeURL) ? "" : "https://tiny.example") + "/pay/\(id)",
            expiresAt: flaws.contains(.checkoutIgnoresExpiry) ? context.clock.now().addingTimeInterval(86_400) : request.expiresAt)
    }
}
