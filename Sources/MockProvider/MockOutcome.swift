import PasarelaKit

/// What the mock provider does with a new payment, chosen by its metadata `mock_outcome`; a
/// refund's metadata chooses among `succeed`, `pending` and `decline` (``refundStatus(metadata:)``).
public enum MockOutcome: String, CaseIterable, Sendable {
    /// The payment succeeds (the default).
    case succeed
    /// The payment is declined: created with status `failed` and a failure code
    /// (`card_declined`, or metadata `mock_failure_code`).
    case decline
    /// The payment stays `pending` until a mock webhook settles it.
    case pending
    /// The payment needs customer action (`requires_action`).
    case requiresAction = "requires_action"
    /// The provider times out: a retryable error (HTTP 504), nothing is created.
    case timeout
    /// The provider fails: a retryable error (HTTP 502), nothing is created.
    case providerError = "provider_error"

    /// The metadata key that selects the outcome.
    public static let metadataKey = "mock_outcome"
    /// The metadata key that overrides the decline code.
    public static let failureCodeKey = "mock_failure_code"

    /// The status the mock gives a refund whose request's `metadata` names this outcome:
    /// `succeed` (the default) succeeds, `pending` stays pending until a mock webhook settles it,
    /// `decline` fails; the others are not refund outcomes (422).
    static func refundStatus(metadata: [String: String]) throws(PasarelaError) -> RefundStatus {
        let outcome = try from(metadata: metadata)
        switch outcome {
        case .succeed: return .succeeded
        case .pending: return .pending
        case .decline: return .failed
        case .requiresAction, .timeout, .providerError:
            throw PasarelaError(
                .invalidRequest, "metadata.\(metadataKey): a refund takes succeed, pending or decline, not '\(outcome.rawValue)'")
        }
    }

    /// The outcome named in `metadata`, `succeed` when none is.
    static func from(metadata: [String: String]) throws(PasarelaError) -> MockOutcome {
        guard let name = metadata[metadataKey] else { return .succeed }
        guard let outcome = MockOutcome(rawValue: name) else {
            let known = allCases.map(\.rawValue).joined(separator: ", ")
            throw PasarelaError(.invalidRequest, "metadata.\(metadataKey): unknown outcome '\(name)' (expected one of: \(known))")
        }
        return outcome
    }
}
