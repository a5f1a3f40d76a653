/// The operations a ``PaymentProvider`` supports. Calling one it lacks gives
/// ``PasarelaError/Code/unsupportedOperation``, never a crash.
public struct ProviderCapabilities: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Create a payment.
    public static let create = ProviderCapabilities(rawValue: 1 << 0)
    /// Read a payment's current state from the provider.
    public static let fetch = ProviderCapabilities(rawValue: 1 << 1)
    /// Refund all of a payment.
    public static let refund = ProviderCapabilities(rawValue: 1 << 2)
    /// Refund part of a payment.
    public static let partialRefund = ProviderCapabilities(rawValue: 1 << 3)
    /// Cancel a payment that has not succeeded.
    public static let cancel = ProviderCapabilities(rawValue: 1 << 4)
    /// Verify and parse the provider's webhooks.
    public static let webhooks = ProviderCapabilities(rawValue: 1 << 5)

    /// Open hosted checkouts (``PaymentProvider/openCheckout(_:)``).
    ///
    /// - Since: ADK 2.1.
    public static let hostedCheckout = ProviderCapabilities(rawValue: 1 << 6)

    /// Every operation of ADK 1.0 (hosted checkout is declared on its own).
    public static let all: ProviderCapabilities = [.create, .fetch, .refund, .partialRefund, .cancel, .webhooks]
}
