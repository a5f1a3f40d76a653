import PasarelaKit

/// The `stripe` payment-provider module: PaymentIntents, refunds and signed webhooks against
/// Stripe's API (or any server that speaks it, such as a local fake in tests).
///
/// ```yaml
/// payments:
///   instances:
///     stripe: {module: stripe, secret_key: "${STRIPE_SECRET_KEY}", webhook_secret: "${STRIPE_WEBHOOK_SECRET}"}
/// ```
///
/// A payment's `payment_method` object takes `id` (`pm_…`), `confirm` (boolean) and
/// `return_url`. How Stripe's statuses and errors become Pasarela's is in ``StripeMapping``.
public enum StripeModule {
    /// The API version sent as `Stripe-Version` unless `api_version` says otherwise.
    public static let defaultAPIVersion = "2025-04-30.basil"

    /// The module's registration.
    public static let descriptor = ModuleDescriptor(
        name: "stripe",
        version: "1.0.0",
        summary: "Stripe PaymentIntents, refunds and Stripe-Signature webhooks",
        options: [
            OptionSpec(
                name: "secret_key", type: .string, required: true, secret: true,
                summary: "Secret API key (sk_test_… or sk_live_…), sent as a Bearer token"),
            OptionSpec(
                name: "webhook_secret", type: .string, secret: true,
                summary: "Endpoint signing secret (whsec_…) for Stripe-Signature; webhooks are refused without it"),
            OptionSpec(
                name: "api_base", type: .string, defaultValue: .string("https://api.stripe.com"),
                summary: "Base URL of the API; tests point it at a local fake"),
            OptionSpec(
                name: "api_version", type: .string, defaultValue: .string(defaultAPIVersion),
                summary: "Pinned API version, sent as Stripe-Version"),
            OptionSpec(
                name: "timeout_seconds", type: .integer, defaultValue: .integer(30),
                summary: "How long one API call may take"),
            OptionSpec(
                name: "max_network_retries", type: .integer, defaultValue: .integer(2),
                summary: "How many times a rate-limited (429) call is retried, with exponential backoff"),
            OptionSpec(
                name: "capture_method", type: .string,
                summary: "automatic, automatic_async or manual; Stripe's default when unset"),
            OptionSpec(
                name: "automatic_payment_methods", type: .boolean,
                summary: "Sends automatic_payment_methods[enabled]; Stripe's default when unset"),
            OptionSpec(
                name: "webhook_tolerance_seconds", type: .integer, defaultValue: .integer(300),
                summary: "How far a webhook's timestamp may be from now, in either direction"),
        ],
        factory: .provider { options, context in
            try StripePaymentProvider(configuration: StripeConfiguration(options: options), context: context)
        }
    )
}
