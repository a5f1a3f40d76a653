import PasarelaKit

/// Condor Pay: approves a payment when its amount is within the approval limit, declines it
/// otherwise. Payments live in the module store the host provides, keyed by idempotency key,
/// so a retried create returns the first payment. Refunds, cancellation and webhooks are not
/// offered, and say so.
struct CondorPaymentProvider: PaymentProvider {
    let approvalLimitMinor: Int64
    let context: ModuleContext

    var moduleName: String { "condor" }
    var capabilities: ProviderCapabilities { [.create, .fetch] }

    init(options: ModuleOptions, context: ModuleContext) throws {
        guard options.string("api_key")?.hasPrefix("condor_") == true else {
            throw PasarelaError(.configuration, "api_key: a Condor Pay key starts with condor_")
        }
        approvalLimitMinor = Int64(options.integer("approval_limit_minor") ?? 100_000)
        self.context = context
    }

    func createPayment(_ request: CreatePaymentRequest) async throws -> ProviderPayment {
        let idempotencyKey = "idempotency/\(request.idempotencyKey)"
        if let earlier = try await context.store.load(String.self, forKey: idempotencyKey) {
            return try await fetchPayment(providerPaymentID: earlier)
        }
        let approved = request.amount.minor <= approvalLimitMinor
        let record = CondorPaymentRecord(
            id: "condor_\(request.paymentID)", amountMinor: request.amount.minor, currency: request.amount.currency.code,
            approved: approved)
        try await context.store.save(record, forKey: "payment/\(record.id)")
        try await context.store.save(record.id, forKey: idempotencyKey)
        context.logger.info("condor payment created", metadata: ["provider_payment_id": "\(record.id)", "approved": "\(approved)"])
        return record.snapshot
    }

    func fetchPayment(providerPaymentID: String) async throws -> ProviderPayment {
        guard let record = try await context.store.load(CondorPaymentRecord.self, forKey: "payment/\(providerPaymentID)") else {
            throw PasarelaError(.notFound, "Condor Pay has no payment \(providerPaymentID)")
        }
        return record.snapshot
    }
}
