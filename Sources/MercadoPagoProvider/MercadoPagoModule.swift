import PasarelaKit

/// The `mercadopago` payment-provider module: MercadoPago's Payments API (`/v1/payments`), Checkout
/// Pro preferences for hosted checkout, and its signed notifications. Statuses are mapped as
/// ``MercadoPagoMapping`` documents.
public enum MercadoPagoModule {
    /// The module's registration.
    public static let descriptor = ModuleDescriptor(
        name: "mercadopago",
        version: "1.0.0",
        summary: "MercadoPago Payments API and Checkout Pro: payments, hosted checkout, refunds, cancellation, x-signature notifications",
        options: [
            OptionSpec(name: "access_token", type: .string, required: true, secret: true, summary: "API access token (Bearer)"),
            OptionSpec(
                name: "webhook_secret", type: .string, secret: true,
                summary: "Secret signature for x-signature on notifications; notifications are refused without it"),
            OptionSpec(
                name: "api_base", type: .string, defaultValue: .string(MercadoPagoConfiguration.defaultAPIBase),
                summary: "API address; tests point it at a local fake"),
            OptionSpec(
                name: "notification_url", type: .string,
                summary: "Sent as notification_url with new payments and preferences; preferences default to the instance's webhook URL under server.public_url, payments send none"),
            OptionSpec(
                name: "timeout_seconds", type: .integer, defaultValue: .integer(30), summary: "Deadline for each API call"),
            OptionSpec(
                name: "payment_method_id", type: .string,
                summary: "payment_method_id when a request's payment_method does not give one (e.g. pix, visa)"),
            OptionSpec(name: "installments", type: .integer, summary: "installments when a request does not give them"),
            OptionSpec(
                name: "currency", type: .string,
                summary: "The account's currency (ARS, BRL, CLP, COP, MXN, PEN or UYU): payments in any other are refused, not charged in it"),
            OptionSpec(
                name: "webhook_tolerance_seconds", type: .integer, defaultValue: .integer(300),
                summary: "How far a notification's ts may be from now"),
            OptionSpec(
                name: "allow_unsigned_ipn", type: .boolean, defaultValue: .boolean(false),
                summary: "Accept legacy unsigned IPN calls (?topic=payment&id=…); off by default"),
            OptionSpec(
                name: "sandbox", type: .boolean, defaultValue: .boolean(false),
                summary: "Send Checkout Pro buyers to the preference's sandbox_init_point instead of its init_point"),
        ],
        factory: .provider { options, context in
            MercadoPagoPaymentProvider(configuration: try MercadoPagoConfiguration(options: options), context: context)
        }
    )
}
