import PasarelaKit

/// The `mock` payment-provider module: deterministic, no network, every operation supported.
///
/// Faults are injected per payment through metadata `mock_outcome` (see ``MockOutcome``).
/// Pending payments, and refunds asked for with metadata `mock_outcome: pending`, can be settled
/// later by a webhook signed as ``MockWebhookSignature`` describes.
public enum MockModule {
    /// The module's registration.
    public static let descriptor = ModuleDescriptor(
        name: "mock",
        version: "1.0.0",
        summary: "Deterministic test provider: no network, faults injected with metadata mock_outcome",
        options: [
            OptionSpec(
                name: "webhook_secret", type: .string, secret: true,
                summary: "HMAC secret for Mock-Signature on /webhooks/providers/{instance}; webhooks are refused without it"
            ),
            OptionSpec(
                name: "webhook_tolerance_seconds", type: .integer, defaultValue: .integer(300),
                summary: "How far a webhook's timestamp may be from now"
            ),
        ],
        factory: .provider { options, context in
            MockPaymentProvider(
                webhookSecret: options.string("webhook_secret"),
                webhookTolerance: options.integer("webhook_tolerance_seconds") ?? 300,
                context: context)
        }
    )
}
