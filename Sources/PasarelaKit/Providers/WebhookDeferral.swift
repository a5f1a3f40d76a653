/// Thrown from ``PaymentProvider/handleWebhook(_:)`` when a webhook is authentic but cannot be
/// finished now — typically because the provider's API, which the module must ask about the
/// payment, is down.
///
/// Throw it only after the signature has checked out. The host then keeps the webhook in its
/// inbox, acknowledges it at once (providers want a quick 2xx), and hands it back later, with
/// backoff, as a request whose ``ProviderWebhookRequest/verified`` is set.
///
/// ```swift
/// let payment = try await WebhookDeferral.onRetryableFailure {
///     try await fetchPayment(providerPaymentID: id)
/// }
/// ```
public struct WebhookDeferral: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why the webhook could not be finished; shown with the stored event.
    public var reason: String

    /// A deferral explained by `reason` (no secrets).
    public init(reason: String) {
        self.reason = reason
    }

    /// `deferred: <reason>`, as stored with the event.
    public var description: String { "deferred: \(reason)" }

    /// Runs `operation`, turning a retryable ``PasarelaError`` (the provider is down or slow)
    /// into a deferral; other errors pass through.
    public static func onRetryableFailure<Value>(_ operation: () async throws -> Value) async throws -> Value {
        do {
            return try await operation()
        } catch let error as PasarelaError where error.isRetryable {
            throw WebhookDeferral(reason: error.message)
        }
    }
}
