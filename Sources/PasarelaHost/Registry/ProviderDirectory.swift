import PasarelaKit

/// The live payment-provider instances and the rules that pick one for a payment.
struct ProviderDirectory: Sendable {
    private let providers: [String: any PaymentProvider]
    private let defaultInstance: String
    private let routes: [PaymentRoute]

    init(providers: [String: any PaymentProvider], defaultInstance: String, routes: [PaymentRoute]) {
        self.providers = providers
        self.defaultInstance = defaultInstance
        self.routes = routes
    }

    /// The instance a payment goes to: the one the request names, else the first route that
    /// matches its currency, else the default.
    func instance(requested: String?, currency: Currency) throws(PasarelaError) -> String {
        if let requested {
            guard providers[requested] != nil else {
                let known = providers.keys.sorted().joined(separator: ", ")
                throw PasarelaError(.invalidRequest, "provider: unknown payment instance '\(requested)' (configured: \(known))")
            }
            return requested
        }
        return routes.first { $0.currency == currency }?.instance ?? defaultInstance
    }

    /// The configured instances' names, sorted.
    var instances: [String] {
        providers.keys.sorted()
    }

    /// The provider of `instance`.
    func provider(_ instance: String) -> (any PaymentProvider)? {
        providers[instance]
    }
}
