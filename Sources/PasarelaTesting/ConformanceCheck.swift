/// One named check of the conformance kit (``ProviderConformance``, ``PackConformance``).
///
/// ```swift
/// let report = await ProviderConformance(MockModule.descriptor, fixture).run()
/// #expect(report.failedChecks == [.idempotentCreate])
/// ```
public struct ConformanceCheck: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The check's name, as reports print it: `idempotent create`.
    public let rawValue: String
    /// The check named `rawValue`; the kit's own checks are the static members below.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// The check's name (``rawValue``).
    public var description: String { rawValue }

    /// Create then fetch gives the amount and currency asked for, in zero-, two- and three-decimal
    /// currencies; a refused currency is an `invalid_request`. Skipped when the fixture gives no
    /// `chargedAmount` (and nothing else failed): no amount could be verified.
    public static let moneyRoundTrip = ConformanceCheck(rawValue: "money round-trip")
    /// The same create twice with one idempotency key is one payment.
    public static let idempotentCreate = ConformanceCheck(rawValue: "idempotent create")
    /// A refund beyond what remains is refused and refunds nothing, before and after a partial refund.
    public static let refundLimits = ConformanceCheck(rawValue: "refund limits")
    /// Operations outside the capabilities throw `unsupported_operation`; those inside do not.
    public static let capabilities = ConformanceCheck(rawValue: "capabilities")
    /// Valid webhooks are accepted; tampered, unsigned and stale ones refused; unknown types ignored.
    public static let webhookVerification = ConformanceCheck(rawValue: "webhook verification")
    /// For a module that declares hosted checkout: a new checkout is a `requires_action` payment of
    /// the amount asked with an absolute http(s) page expiring when asked; the same request again
    /// is the same checkout; it reads open, and canceling it ends it.
    ///
    /// - Since: ADK 2.1.
    public static let hostedCheckout = ConformanceCheck(rawValue: "hosted checkout")
    /// Leaving out a required option is an error naming it.
    public static let requiredOptions = ConformanceCheck(rawValue: "required options")
    /// No secret option's value appears in what the module logs or the errors it throws.
    public static let secretsStayOutOfLogs = ConformanceCheck(rawValue: "secrets stay out of logs")

    /// Every subscribed event type has a sample, which the pack handles without throwing and which changes something.
    public static let subscribedEventsHandled = ConformanceCheck(rawValue: "subscribed events handled")
    /// An event handed over again changes no document and emits nothing.
    public static let idempotentHandling = ConformanceCheck(rawValue: "idempotent handling")
    /// Every event type the pack emits while handling the samples is declared in its
    /// `eventTypes` as outbound or both.
    ///
    /// - Since: ADK 2.1.
    public static let declaredEventTypes = ConformanceCheck(rawValue: "declared event types")
    /// Route bodies that are not JSON are a 4xx, and no route input, path parameters naming
    /// nothing included, is ever a 5xx.
    public static let badRouteInput = ConformanceCheck(rawValue: "bad route input")
}
