import PasarelaKit

/// Calls Stripe's API through PasarelaKit's ``ProviderAPIClient`` (transport failures and
/// timeouts are retryable provider errors; 429s are retried with exponential backoff): Bearer
/// auth, `Stripe-Version`, form bodies, an `Idempotency-Key` on every POST, and every other
/// non-2xx answer read per ``StripeMapping``.
struct StripeClient: Sendable {
    /// The longest `Idempotency-Key` Stripe takes.
    static let maximumIdempotencyKeyLength = 255

    let configuration: StripeConfiguration
    let api: ProviderAPIClient

    init(configuration: StripeConfiguration, transport: any HTTPTransport) {
        self.configuration = configuration
        self.api = ProviderAPIClient(
            providerName: "Stripe", transport: transport, maximumRetries: configuration.maxNetworkRetries,
            initialBackoff: configuration.retryBaseDelay)
    }

    /// What a call came back with.
    enum Answer {
        /// A 2xx JSON object.
        case object(JSONValue)
        /// A declined card with the PaymentIntent it left behind.
        case declined(ProviderPayment)
    }

    /// `POST path` with `form`; retried calls carry the same `idempotencyKey`, so Stripe applies them once.
    ///
    /// - Parameter declinedPaymentID: see ``StripeMapping/failure(status:body:operation:declinedPaymentID:)``.
    func post(_ path: String, form: StripeForm, idempotencyKey: String, declinedPaymentID: String? = nil) async throws -> Answer {
        try await send("POST", path, body: Array(form.encoded.utf8), idempotencyKey: idempotencyKey, declinedPaymentID: declinedPaymentID)
    }

    /// `GET path` (with its query string, if any).
    func get(_ path: String) async throws -> Answer {
        try await send("GET", path, body: [], idempotencyKey: nil, declinedPaymentID: nil)
    }

    private func send(_ method: String, _ path: String, body: [UInt8], idempotencyKey: String?, declinedPaymentID: String?)
        async throws -> Answer
    {
        var headers: [(name: String, value: String)] = [
            ("Authorization", "Bearer \(configuration.secretKey)"),
            ("Stripe-Version", configuration.apiVersion),
            ("Accept", "application/json"),
            ("User-Agent", "Pasarela/\(StripeModule.descriptor.version)"),
        ]
        if method == "POST" { headers.append(("Content-Type", "application/x-www-form-urlencoded")) }
        if let idempotencyKey { headers.append(("Idempotency-Key", Self.stripeIdempotencyKey(idempotencyKey))) }
        let operation = "\(method) \(path.prefix { $0 != "?" })"
        let response = try await api.send(
            TransportRequest(
                method: method, url: configuration.apiBase + path, headers: headers, body: body, timeout: configuration.timeout),
            operation: operation)
        if (200..<300).contains(response.status) {
            guard let object = try? JSONValue.parse(response.body), object.objectValue != nil else {
                throw PasarelaError.providerUnavailable("Stripe answered \(operation) with something not JSON", retryable: true)
            }
            return .object(object)
        }
        if response.status == 409, response.header("Stripe-Should-Retry") == "true" {
            // Another request with this key is still in progress at Stripe: not a conflict, a "try again".
            throw PasarelaError.providerUnavailable(
                "Stripe is still working on another \(operation) with this Idempotency-Key", retryable: true)
        }
        switch StripeMapping.failure(status: response.status, body: response.body, operation: operation, declinedPaymentID: declinedPaymentID) {
        case .declined(let payment): return .declined(payment)
        case .error(let error): throw error
        }
    }

    /// `key` as is when Stripe takes it, else a stable digest of it, so a long client key still
    /// makes the call idempotent.
    static func stripeIdempotencyKey(_ key: String) -> String {
        guard key.utf8.count > maximumIdempotencyKeyLength else { return key }
        return "pasarela-" + HMACSHA256.hex(key: "stripe-idempotency-key", message: Array(key.utf8))
    }
}
