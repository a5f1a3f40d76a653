import PasarelaKit

/// The declared capabilities against what each operation does.
extension ProviderConformance {
    /// Calls each operation: one outside the capabilities must throw `unsupported_operation`, one inside must not.
    func declaredCapabilities(_ run: ProviderCheckRun) async throws -> [String] {
        let provider = try run.provider()
        let capabilities = provider.capabilities
        let amount = ProviderCheckRun.amount(in: (try? run.primaryCurrency()) ?? .usd)
        /// A payment to read, refund or cancel: a new one when the module can create it.
        func target() async throws -> Payment {
            guard capabilities.contains(.create) else {
                return run.hostPayment(
                    ProviderPayment(providerPaymentID: "conformance_unknown", status: .succeeded, providerStatus: "succeeded"),
                    amount: amount)
            }
            return run.hostPayment(try await run.createSucceeded(with: provider, amount), amount: amount)
        }
        let unsignedWebhook = ProviderWebhookRequest(headers: [:], body: [], receivedAt: run.clock.now())
        let operations: [(ProviderCapabilities, String, (Payment) async throws -> Any)] = [
            (.create, "create", { _ in try await provider.createPayment(run.createRequest(amount)) }),
            (.fetch, "fetch", { try await provider.fetchPayment(providerPaymentID: $0.providerPaymentID) }),
            (.refund, "a full refund", { try await provider.refundPayment(refund(amount.minor, of: $0, run)) }),
            (.partialRefund, "a partial refund", { try await provider.refundPayment(refund(amount.minor / 2, of: $0, run)) }),
            (.cancel, "cancel", { try await provider.cancelPayment(CancelRequest(payment: $0, idempotencyKey: run.nextID("key"))) }),
            (.webhooks, "webhooks", { _ in try await provider.handleWebhook(unsignedWebhook) }),
        ]
        var problems: [String] = []
        for (capability, name, call) in operations {
            let payment = try await target()
            let result = await run.attempt { try await call(payment) }
            let unsupported = ConformanceRunner.isError(result, .unsupportedOperation)
            let got = ConformanceRunner.describe(result)
            if capabilities.contains(capability), unsupported {
                problems.append("expected \(name), which the capabilities include, to be supported, got \(got)")
            } else if !capabilities.contains(capability), !unsupported {
                problems.append("expected \(name), which the capabilities leave out, to throw unsupported_operation, got \(got)")
            }
        }
        return problems
    }
}
