import PasarelaKit

/// The validated options of one `stripe` instance.
struct StripeConfiguration: Sendable {
    static let captureMethods = ["automatic", "automatic_async", "manual"]

    var secretKey: String
    var webhookSecret: String?
    /// The API's base URL without a trailing `/`.
    var apiBase: String
    var apiVersion: String
    var timeout: Duration
    var maxNetworkRetries: Int
    /// The wait before the first retry of a 429; each further retry waits twice as long.
    var retryBaseDelay: Duration = .milliseconds(500)
    var captureMethod: String?
    var automaticPaymentMethods: Bool?
    var webhookTolerance: Int

    init(
        secretKey: String, webhookSecret: String? = nil, apiBase: String = "https://api.stripe.com",
        apiVersion: String = StripeModule.defaultAPIVersion, timeout: Duration = .seconds(30), maxNetworkRetries: Int = 2,
        captureMethod: String? = nil, automaticPaymentMethods: Bool? = nil, webhookTolerance: Int = 300
    ) {
        self.secretKey = secretKey
        self.webhookSecret = webhookSecret
        self.apiBase = apiBase.hasSuffix("/") ? String(apiBase.dropLast()) : apiBase
        self.apiVersion = apiVersion
        self.timeout = timeout
        self.maxNetworkRetries = maxNetworkRetries
        self.captureMethod = captureMethod
        self.automaticPaymentMethods = automaticPaymentMethods
        self.webhookTolerance = webhookTolerance
    }

    /// Reads and checks the options; errors name the option.
    init(options: ModuleOptions) throws(PasarelaError) {
        guard let secretKey = options.string("secret_key"), !secretKey.isEmpty else {
            throw PasarelaError(.configuration, "secret_key: required option is missing")
        }
        let apiBase = options.string("api_base") ?? "https://api.stripe.com"
        guard apiBase.hasPrefix("https://") || apiBase.hasPrefix("http://") else {
            throw PasarelaError(.configuration, "api_base: expected an http:// or https:// URL, got '\(apiBase)'")
        }
        let timeout = options.integer("timeout_seconds") ?? 30
        guard timeout > 0 else { throw PasarelaError(.configuration, "timeout_seconds: must be positive") }
        let retries = options.integer("max_network_retries") ?? 2
        guard (0...10).contains(retries) else {
            throw PasarelaError(.configuration, "max_network_retries: must be between 0 and 10")
        }
        let captureMethod = options.string("capture_method")
        if let captureMethod, !Self.captureMethods.contains(captureMethod) {
            throw PasarelaError(
                .configuration, "capture_method: expected one of \(Self.captureMethods.joined(separator: ", ")), got '\(captureMethod)'")
        }
        let tolerance = options.integer("webhook_tolerance_seconds") ?? 300
        guard tolerance > 0 else { throw PasarelaError(.configuration, "webhook_tolerance_seconds: must be positive") }
        self.init(
            secretKey: secretKey, webhookSecret: options.string("webhook_secret").flatMap { $0.isEmpty ? nil : $0 },
            apiBase: apiBase, apiVersion: options.string("api_version") ?? StripeModule.defaultAPIVersion,
            timeout: .seconds(timeout), maxNetworkRetries: retries, captureMethod: captureMethod,
            automaticPaymentMethods: options.boolean("automatic_payment_methods"), webhookTolerance: tolerance)
    }
}
