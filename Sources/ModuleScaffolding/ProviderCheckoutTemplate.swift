/// The optional hosted-checkout part of a new payment-provider module (`--hosted-checkout`): an
/// `openCheckout` that keeps each checkout in the module's store, a `fetchPayment` that reads it
/// open until it expires, and a placeholder page the module serves under the host's
/// `/checkout/{instance}`, ready to be replaced by calls to the provider's own hosted page.
struct ProviderCheckoutTemplate {
    let name: ScaffoldName

    var file: (path: String, contents: String) {
        let provider = name.workerType
        return (
            "Sources/\(name.target)/\(provider)+Checkout.swift",
            """
            import Foundation
            import PasarelaKit

            /// \(name.base)'s hosted checkout. For now the module serves a placeholder page itself, under the
            /// host's `/checkout/{instance}`. To finish it: open \(name.base)'s hosted page through its API in
            /// `openCheckout` (sending `successURL`, `cancelURL`, `expiresAt` and `webhookURL`), answer its
            /// URL, and report what the customer did from \(name.base)'s webhooks.
            extension \(provider) {
                /// What a checkout keeps in the module's store.
                struct Checkout: Codable {
                    var paymentID: String
                    var amount: String
                    var expiresAt: Date
                }

                func openCheckout(_ request: CheckoutRequest) async throws -> HostedCheckout {
                    // One checkout per idempotency key: a retried call answers the same page.
                    let id = "\(name.registryName)_co_" + HMACSHA256.hex(key: "checkout", message: Array(request.idempotencyKey.utf8)).prefix(24)
                    let key = "checkout/\\(id)"
                    var checkout = Checkout(paymentID: request.paymentID, amount: "\\(request.amount)", expiresAt: request.expiresAt)
                    if let earlier = try await context.store.load(Checkout.self, forKey: key) {
                        checkout = earlier
                    } else {
                        try await context.store.save(checkout, forKey: key)
                    }
                    return HostedCheckout(
                        payment: ProviderPayment(providerPaymentID: id, status: .requiresAction, providerStatus: "open", amount: request.amount),
                        url: "\\(request.routesURL)/\\(id)", expiresAt: checkout.expiresAt)
                }

                /// A checkout reads open until it expires, then canceled (the host's expiry sweep reads it).
                func fetchPayment(providerPaymentID: String) async throws -> ProviderPayment {
                    guard let checkout = try await context.store.load(Checkout.self, forKey: "checkout/\\(providerPaymentID)") else {
                        throw PasarelaError(.notFound, "no checkout \\(providerPaymentID)")
                    }
                    let open = context.clock.now() < checkout.expiresAt
                    return ProviderPayment(
                        providerPaymentID: providerPaymentID, status: open ? .requiresAction : .canceled, providerStatus: open ? "open" : "expired")
                }

                var routes: [ProviderRoute] {
                    [
                        ProviderRoute(.get, "/{id}") { request in
                            let id = try request.parameter("id")
                            guard let checkout = try await context.store.load(Checkout.self, forKey: "checkout/\\(id)") else {
                                return .html(status: 404, "<p>There is no such checkout.</p>")
                            }
                            let what = HTML.escaped("\\(checkout.amount) for payment \\(checkout.paymentID)")
                            return .html(status: 200, "<h1>\(name.base) checkout</h1><p>\\(what)</p>")
                        }
                        .documented(RouteDocumentation("The checkout page", contentType: "text/html; charset=utf-8", errors: [404: "No such checkout"]))
                    ]
                }
            }

            """
        )
    }
}
