import PasarelaKit

/// A payment provider whose calls are timed and whose failures are counted, as
/// `pasarela_provider_call_duration_seconds` and `pasarela_provider_call_errors_total` by
/// instance and operation. The module itself is none the wiser.
struct MeteredPaymentProvider: PaymentProvider {
    let base: any PaymentProvider
    let instance: String
    let metrics: HostMetrics

    var moduleName: String { base.moduleName }
    var capabilities: ProviderCapabilities { base.capabilities }

    func createPayment(_ request: CreatePaymentRequest) async throws -> ProviderPayment {
        try await measure("create") { try await base.createPayment(request) }
    }

    func fetchPayment(providerPaymentID: String) async throws -> ProviderPayment {
        try await measure("fetch") { try await base.fetchPayment(providerPaymentID: providerPaymentID) }
    }

    func refundPayment(_ request: RefundRequest) async throws -> ProviderRefund {
        try await measure("refund") { try await base.refundPayment(request) }
    }

    func cancelPayment(_ request: CancelRequest) async throws -> ProviderPayment {
        try await measure("cancel") { try await base.cancelPayment(request) }
    }

    func handleWebhook(_ request: ProviderWebhookRequest) async throws -> [NormalizedEvent] {
        try await measure("webhook") { try await base.handleWebhook(request) }
    }

    func openCheckout(_ request: CheckoutRequest) async throws -> HostedCheckout {
        try await measure("checkout") { try await base.openCheckout(request) }
    }

    var routes: [ProviderRoute] { base.routes }

    private func measure<Result: Sendable>(_ operation: String, _ call: () async throws -> Result) async throws -> Result {
        let started = ContinuousClock.now
        defer { metrics.providerCallDuration.record(started.duration(to: .now), instance, operation) }
        do {
            return try await call()
        } catch {
            if Self.isFailure(error) { metrics.providerCallErrors.counter(instance, operation).increment() }
            throw error
        }
    }

    /// Whether `error` means the call failed, rather than an answer given without one: a bad
    /// webhook signature, a deferred webhook, an operation the module does not offer.
    static func isFailure(_ error: any Error) -> Bool {
        if error is WebhookDeferral { return false }
        if let error = error as? PasarelaError {
            return error.code != .invalidSignature && error.code != .unsupportedOperation && error.code != .unsupportedCapability
        }
        return true
    }
}
