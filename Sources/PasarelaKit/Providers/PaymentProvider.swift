/// A payment-provider module: Mock, Stripe, MercadoPago, or one of yours.
///
/// The host calls it for one configured instance; everything it needs from outside (HTTP,
/// storage, clock, logger) arrives in the ``ModuleContext`` given to its factory. Operations it
/// does not support are left out of ``capabilities`` and keep their default implementation,
/// which throws ``PasarelaError/Code/unsupportedOperation``.
///
/// ```swift
/// struct AcmeProvider: PaymentProvider {
///     let capabilities: ProviderCapabilities = [.create, .fetch]
///     func createPayment(_ request: CreatePaymentRequest) async throws -> ProviderPayment { … }
///     func fetchPayment(providerPaymentID: String) async throws -> ProviderPayment { … }
/// }
/// ```
public protocol PaymentProvider: Sendable {
    /// The module's name, as registered (`stripe`), for messages.
    var moduleName: String { get }
    /// What this provider supports.
    var capabilities: ProviderCapabilities { get }

    /// Creates a payment. A declined payment is not an error: return it with status `failed`
    /// and a ``ProviderPayment/failureCode``. Throw for everything that is not an outcome
    /// (bad input, provider down, timeout).
    func createPayment(_ request: CreatePaymentRequest) async throws -> ProviderPayment
    /// Reads a payment's current state from the provider.
    func fetchPayment(providerPaymentID: String) async throws -> ProviderPayment
    /// Refunds all (``RefundRequest/amount`` is the whole remainder) or part of a payment.
    func refundPayment(_ request: RefundRequest) async throws -> ProviderRefund
    /// Cancels a payment whose outcome is not known yet.
    func cancelPayment(_ request: CancelRequest) async throws -> ProviderPayment
    /// Verifies a webhook's signature and parses it into normalized events.
    ///
    /// Throw ``PasarelaError/Code/invalidSignature`` for a missing, wrong or stale signature.
    /// An event type the module does not know is not an error: return no event for it.
    func handleWebhook(_ request: ProviderWebhookRequest) async throws -> [NormalizedEvent]
    /// Opens a hosted checkout for the customer (with ``ProviderCapabilities/hostedCheckout``).
    /// Throw ``PasarelaError/Code/invalidRequest`` for what the provider cannot honour (an expiry
    /// out of its range, say).
    ///
    /// - Since: ADK 2.1.
    func openCheckout(_ request: CheckoutRequest) async throws -> HostedCheckout
    /// Public routes the host mounts under `/checkout/{instance}` (e.g. the mock's checkout page).
    ///
    /// - Since: ADK 2.1.
    var routes: [ProviderRoute] { get }
}

extension PaymentProvider {
    public func createPayment(_ request: CreatePaymentRequest) async throws -> ProviderPayment {
        throw PasarelaError.unsupported("creating payments", module: moduleName)
    }

    public func fetchPayment(providerPaymentID: String) async throws -> ProviderPayment {
        throw PasarelaError.unsupported("reading payments", module: moduleName)
    }

    public func refundPayment(_ request: RefundRequest) async throws -> ProviderRefund {
        throw PasarelaError.unsupported("refunds", module: moduleName)
    }

    public func cancelPayment(_ request: CancelRequest) async throws -> ProviderPayment {
        throw PasarelaError.unsupported("cancellation", module: moduleName)
    }

    public func handleWebhook(_ request: ProviderWebhookRequest) async throws -> [NormalizedEvent] {
        throw PasarelaError.unsupported("webhooks", module: moduleName)
    }

    public func openCheckout(_ request: CheckoutRequest) async throws -> HostedCheckout {
        throw PasarelaError(.unsupportedCapability, "\(moduleName) does not support hosted checkout")
    }

    public var routes: [ProviderRoute] { [] }
}
