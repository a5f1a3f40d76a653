import PasarelaKit

/// A `mercadopago` instance's options, checked once when the instance is built.
struct MercadoPagoConfiguration: Sendable {
    static let defaultAPIBase = "https://api.mercadopago.com"

    var accessToken: String
    var webhookSecret: String?
    /// Without a trailing `/`.
    var apiBase: String
    var notificationURL: String?
    var timeout: Duration
    var defaultPaymentMethodID: String?
    var defaultInstallments: Int?
    /// The account's currency, when the config names it: MercadoPago charges every payment in it.
    var accountCurrency: Currency?
    var webhookTolerance: Int
    var allowsUnsignedIPN: Bool
    /// Send Checkout Pro buyers to the preference's `sandbox_init_point` rather than its `init_point`.
    var sandbox: Bool

    init(options: ModuleOptions) throws {
        guard let accessToken = options.string("access_token"), !accessToken.isEmpty else {
            throw PasarelaError(.configuration, "access_token is required")
        }
        self.accessToken = accessToken
        webhookSecret = options.string("webhook_secret").flatMap { $0.isEmpty ? nil : $0 }
        let base = options.string("api_base") ?? Self.defaultAPIBase
        guard base.hasPrefix("https://") || base.hasPrefix("http://") else {
            throw PasarelaError(.configuration, "api_base must be an http(s) URL")
        }
        apiBase = base.hasSuffix("/") ? String(base.dropLast()) : base
        notificationURL = options.string("notification_url")
        let seconds = options.integer("timeout_seconds") ?? 30
        guard seconds > 0 else { throw PasarelaError(.configuration, "timeout_seconds must be positive") }
        timeout = .seconds(seconds)
        defaultPaymentMethodID = options.string("payment_method_id")
        defaultInstallments = options.integer("installments")
        if let installments = defaultInstallments, installments < 1 {
            throw PasarelaError(.configuration, "installments must be at least 1")
        }
        if let code = options.string("currency") {
            guard MercadoPagoAmount.currencies.contains(code), let currency = try? Currency(code: code) else {
                let known = MercadoPagoAmount.currencies.sorted().joined(separator: ", ")
                throw PasarelaError(.configuration, "currency: MercadoPago accounts charge in one of \(known), not '\(code)'")
            }
            accountCurrency = currency
        }
        webhookTolerance = options.integer("webhook_tolerance_seconds") ?? 300
        allowsUnsignedIPN = options.boolean("allow_unsigned_ipn") ?? false
        sandbox = options.boolean("sandbox") ?? false
    }
}
