/// The type of a normalized or partner event, such as `payment.succeeded`.
///
/// A struct rather than an enum so that unknown types decode to a value instead of failing.
public struct EventType: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    /// `payment.pending`.
    public static let paymentPending = PaymentStatus.pending.eventType
    /// `payment.requires_action`.
    public static let paymentRequiresAction = PaymentStatus.requiresAction.eventType
    /// `payment.processing`.
    public static let paymentProcessing = PaymentStatus.processing.eventType
    /// `payment.succeeded`.
    public static let paymentSucceeded = PaymentStatus.succeeded.eventType
    /// `payment.failed`.
    public static let paymentFailed = PaymentStatus.failed.eventType
    /// `payment.canceled`.
    public static let paymentCanceled = PaymentStatus.canceled.eventType
    /// `payment.partially_refunded`.
    public static let paymentPartiallyRefunded = PaymentStatus.partiallyRefunded.eventType
    /// `payment.refunded`.
    public static let paymentRefunded = PaymentStatus.refunded.eventType
    /// `payment.disputed`.
    public static let paymentDisputed = PaymentStatus.disputed.eventType
}
