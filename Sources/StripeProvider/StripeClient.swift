import PasarelaKit

/// Calls Stripe's API through the host's transport: Bearer auth, `Stripe-Version`, form bodies,
/// `Idempotency-Key` on every POST, 429s retried with exponential backoff, and every other
/// failure read per ``StripeMapping``.
struct StripeClient: Sendable {
    let configuration: StripeConfiguration
    let transport: any HTTPTransport

    /// What a call came back with.
    enum Answer {
        /// A 2xx JSON object.
        case object(JSONValue)
        /// A declined card with the PaymentIntent it left behind.
        case declined(ProviderPayment)
    }

    /// `POST path` with `form`; retried calls carry the same `idempotencyKey`, so Stripe applies them once.
    func post(_ path: String, form: StripeForm, idempotencyKey: String) async throws -> Answer {
        try await send("POST", path, body: Array(form.encoded.utf8), idempotencyKey: idempotencyKey)
    }

    /// `GET path` (with its query string, if any).
    func get(_ path: String) async throws -> Answer {
        try await send("GET", path, body: [], idempotencyKey: nil)
    }

    private func send(_ method: String, _ path: String, body: [UInt8], idempotencyKey: String?) async throws -> Answer {
        var headers: [(name: String, value: String)] = [
            ("Authorization", "Bearer \(configuration.secretKey)"),
            ("Stripe-Version", configuration.apiVersion),
            ("Accept", "application/json"),
            ("User-Agent", "Pasarela/\(StripeModule.descriptor.version)"),
        ]
        if method == "POST" { headers.append(("Content-Type", "application/x-www-form-urlencoded")) }
        if let idempotencyKey { headers.append(("Idempotency-Key", Self.stripeIdempotencyKey(idempotencyKey))) }
        let request = TransportRequest(
            method: method, url: configuration.apiBase + path, headers: headers, body: body, timeout: configuration.timeout)
        let operation = "\(method) \(path.prefix { $0 != "?" })"
        var delay = configuration.retryBaseDelay
        var attempt = 0
        while true {
            let response: TransportResponse
            do {
                response = try await transport.send(request)
            } catch let error as PasarelaError where error.code == .providerTimeout {
                throw PasarelaError.providerUnavailable("Stripe did not answer \(operation) in time", retryable: true)
            } catch let error as PasarelaError {
                throw PasarelaError.providerUnavailable("\(operation) failed: \(error.message)", retryable: true)
            }
            if (200..<300).contains(response.status) {
                guard let object = try? JSONValue.parse(response.body), object.objectValue != nil else {
                    throw PasarelaError.providerUnavailable("Stripe answered \(operation) with something not JSON", retryable: true)
                }
                return .object(object)
            }
            switch StripeMapping.failure(status: response.status, body: response.body, operation: operation) {
            case .declined(let payment):
                return .declined(payment)
            case .error(let error):
                throw error
            case .rateLimited:
                guard attempt < configuration.maxNetworkRetries else {
                    throw PasarelaError.providerUnavailable(
                        "Stripe rate-limited \(operation) \(attempt + 1) time\(attempt == 0 ? "" : "s")", retryable: true)
                }
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(8))
                attempt += 1
            }
        }
    }

    /// The longest `Idempotency-Key` Stripe takes.
    static let maximumIdempotencyKeyLength = 255

    /// `key` as is when Stripe takes it, else a stable digest of it, so a long client key still
    /// makes the call idempotent.
    static func stripeIdempotencyKey(_ key: String) -> String {
        guard key.utf8.count > maximumIdempotencyKeyLength else { return key }
        return "pasarela-" + HMACSHA256.hex(key: "stripe-idempotency-key", message: Array(key.utf8))
    }
}
