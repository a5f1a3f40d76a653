import Foundation
import PasarelaKit

/// What ``ProviderConformance`` needs to drive one payment-provider module: options that build a
/// working instance, a fake of the provider's API to reach, the currencies it takes and refuses,
/// and what makes a payment succeed.
///
/// ```swift
/// let fixture = ProviderConformanceFixture(
///     options: ["secret_key": .string(FakeStripeAPI.defaultSecretKey), "api_base": .string(baseURL)],
///     transport: AsyncHTTPClientTransport(),
///     currencies: [.jpy, .usd, .kwd],
///     paymentMethod: .object(["id": .string("pm_card_visa"), "confirm": .bool(true)]),
///     chargedAmount: { id in
///         fake.paymentIntent(id).map { Money(minor: $0["amount"]?.int64Value ?? 0, currency: .usd) }
///     })
/// ```
public struct ProviderConformanceFixture: Sendable {
    /// The instance's options, as its config would give them; secret values should look like real
    /// secrets (the kit looks for them in the logs).
    public var options: [String: OptionValue]
    /// What the instance's context sends its HTTP calls through: usually a fake of the provider's API.
    public var transport: any HTTPTransport
    /// Currencies the module takes. Between them and ``refusedCurrencies`` the fixture names a
    /// zero-, a two- and a three-decimal currency (JPY, USD, KWD …).
    public var currencies: [Currency]
    /// Currencies the module refuses: creating a payment in one must be an `invalid_request`.
    public var refusedCurrencies: [Currency]
    /// The `payment_method` with which a new payment succeeds.
    public var paymentMethod: JSONValue?
    /// The metadata with which a new payment succeeds.
    public var metadata: [String: String]
    /// The amount the provider's API holds for a payment, read from the fake and converted with
    /// the currency's ISO exponent (not the module's converter): how the kit sees mis-scaled
    /// amounts. `nil` when the fake cannot tell; the money round-trip then only checks statuses
    /// and, when they raise no problem, is reported skipped (no amount was verified).
    public var chargedAmount: (@Sendable (_ providerPaymentID: String) async throws -> Money?)?
    /// How to sign webhooks, for a module that declares them.
    public var webhooks: ProviderWebhookFixture?

    /// A fixture; only the currencies are required, everything else defaults to nothing.
    public init(
        options: [String: OptionValue] = [:], transport: any HTTPTransport = FakeTransport.unreachable(), currencies: [Currency],
        refusedCurrencies: [Currency] = [], paymentMethod: JSONValue? = nil, metadata: [String: String] = [:],
        chargedAmount: (@Sendable (_ providerPaymentID: String) async throws -> Money?)? = nil,
        webhooks: ProviderWebhookFixture? = nil
    ) {
        self.options = options
        self.transport = transport
        self.currencies = currencies
        self.refusedCurrencies = refusedCurrencies
        self.paymentMethod = paymentMethod
        self.metadata = metadata
        self.chargedAmount = chargedAmount
        self.webhooks = webhooks
    }
}
