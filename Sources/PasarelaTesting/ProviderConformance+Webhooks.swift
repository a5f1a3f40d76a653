import PasarelaKit

/// Webhook verification: valid accepted, forged ones refused, unknown types ignored.
extension ProviderConformance {
    func webhookVerification(_ run: ProviderCheckRun) async throws -> [String] {
        guard let webhooks = fixture.webhooks else {
            return ["expected the fixture to say how to sign webhooks (webhooks:), since the module declares them"]
        }
        let provider = try run.provider()
        let paymentID =
            provider.capabilities.contains(.create)
            ? try await run.createSucceeded(with: provider, ProviderCheckRun.amount(in: try run.primaryCurrency())).providerPaymentID
            : "conformance_payment"
        let now = run.clock.now()
        var problems: [String] = []

        let body = webhooks.event(paymentID)
        let accepted = await run.attempt { try await provider.handleWebhook(webhooks.request(body, signedAt: now, receivedAt: now)) }
        switch accepted {
        case .success(let events) where events.isEmpty || events.contains(where: { $0.payment.providerPaymentID != paymentID }):
            let named = events.isEmpty ? "none" : events.map(\.payment.providerPaymentID).joined(separator: ", ")
            problems.append("expected a validly signed webhook about payment \(paymentID) to give events about it, got \(named)")
        case .success: break
        case .failure: problems.append("expected a validly signed webhook to be accepted, got \(ConformanceRunner.describe(accepted))")
        }

        for (what, request) in webhooks.forgeries(of: body, at: now) {
            let result = await run.attempt { try await provider.handleWebhook(request) }
            if !ConformanceRunner.isError(result, .invalidSignature) {
                problems.append("expected \(what) to be refused as invalid_signature, got \(ConformanceRunner.describe(result))")
            }
        }

        let unknown = webhooks.request(webhooks.unknownEvent(paymentID), signedAt: now, receivedAt: now)
        let ignored = await run.attempt { try await provider.handleWebhook(unknown) }
        if (try? ignored.get())?.isEmpty != true {
            problems.append(
                "expected a validly signed webhook of an unknown event type to be acknowledged with no events, got "
                    + ConformanceRunner.describe(ignored))
        }
        return problems
    }
}
