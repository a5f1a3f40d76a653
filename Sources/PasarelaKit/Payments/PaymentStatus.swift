/// The normalized status of a payment, the same for every provider.
///
/// In flight: `pending`, `requiresAction`, `processing` (may follow one another). Outcomes:
/// `succeeded`, `failed`, `canceled` (`failed` and `canceled` are final). After `succeeded`:
/// `partiallyRefunded`, `refunded`, `disputed`. A status never moves back; see
/// ``canAdvance(to:)``.
public enum PaymentStatus: String, CaseIterable, Codable, Sendable {
    case pending
    case requiresAction = "requires_action"
    case processing
    case succeeded
    case failed
    case canceled
    case partiallyRefunded = "partially_refunded"
    case refunded
    case disputed

    /// `true` while the outcome is not known yet.
    public var isInFlight: Bool {
        self == .pending || self == .requiresAction || self == .processing
    }

    /// `true` when nothing may follow: `failed` and `canceled`.
    public var isFinal: Bool {
        self == .failed || self == .canceled
    }

    /// Whether a payment in this status may move to `next`.
    ///
    /// In-flight statuses may follow one another and may reach any later status; an
    /// in-flight status never replaces an outcome; nothing replaces `failed` or `canceled`;
    /// after `succeeded` only refunds and disputes follow, and `partially_refunded` never
    /// follows `refunded`. Staying in the same status is not a move.
    public func canAdvance(to next: PaymentStatus) -> Bool {
        guard next != self else { return false }
        switch self {
        case .pending, .requiresAction, .processing:
            return true
        case .failed, .canceled:
            return false
        case .succeeded:
            return next == .partiallyRefunded || next == .refunded || next == .disputed
        case .partiallyRefunded:
            return next == .refunded || next == .disputed
        case .refunded:
            return next == .disputed
        case .disputed:
            return false
        }
    }

    /// The normalized event type that announces a move to this status, e.g. `payment.succeeded`.
    public var eventType: EventType {
        EventType(rawValue: "payment.\(rawValue)")
    }
}
