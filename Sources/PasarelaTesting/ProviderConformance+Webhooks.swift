import Foundation
import PasarelaKit

/// Webhook verification: valid accepted, tampered, unsigned and stale refused, unknown types ignored.
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
        /// The webhook with `body` signed at `time`.
        func signed(_ body: [UInt8], at time: Date) -> (request: ProviderWebhookRequest, signature: ProviderWebhookFixture.Signature) {
            let signature = webhooks.sign(body, time)
            return (ProviderWebhookRequest(headers: signature.headers, query: signature.query, body: body, receivedAt: now), signature)
        }
        var problems: [String] = []
        let valid = signed(webhooks.event(paymentID), at: now)
        let accepted = await run.attempt { try await provider.handleWebhook(valid.request) }
        switch accepted {
        case .success(let events) where events.isEmpty || events.contains(where: { $0.payment.providerPaymentID != paymentID }):
            problems.append(
                "expected a validly signed webhook about payment \(paymentID) to give events about it, got "
                    + (events.isEmpty ? "none" : events.map(\.payment.providerPaymentID).joined(separator: ", ")))
        case .success: break
        case .failure: problems.append("expected a validly signed webhook to be accepted, got \(ConformanceRunner.describe(accepted))")
        }

        var tampered = valid.request
        webhooks.tampering.apply(&tampered)
        var unsigned = valid.request
        for name in valid.signature.headers.keys { unsigned.headers[name.lowercased()] = nil }
        var refused = [("a webhook with \(webhooks.tampering) changed after signing", tampered), ("a webhook without its signature", unsigned)]
        if let tolerance = webhooks.tolerance {
            let margin = TimeInterval(tolerance + 60)
            refused.append(("a webhook signed \(tolerance + 60) s ago (tolerance \(tolerance) s)", signed(valid.request.body, at: now - margin).request))
            refused.append(("a webhook signed \(tolerance + 60) s ahead (tolerance \(tolerance) s)", signed(valid.request.body, at: now + margin).request))
        }
        for (what, request) in refused {
            let result = await run.attempt { try await provider.handleWebhook(request) }
            if !ConformanceRunner.isError(result, .invalidSignature) {
                problems.append("expected \(what) to be refused as invalid_signature, got \(ConformanceRunner.describe(result))")
            }
        }

        let unknown = signed(webhooks.unknownEvent(paymentID), at: now).request
        let ignored = await run.attempt { try await provider.handleWebhook(unknown) }
        if (try? ignored.get())?.isEmpty != true {
            problems.append(
                "expected a validly signed webhook of an unknown event type to be acknowledged with no events, got \(ConformanceRunner.describe(ignored))")
        }
        return problems
    }
}
