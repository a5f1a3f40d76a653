/// A typed error that modules and the host throw; the host maps ``code`` onto an HTTP status
/// and the API's error body `{"error": {"code", "message"}}`.
///
/// ```swift
/// throw PasarelaError(.invalidRequest, "amount exceeds what remains to refund")
/// throw PasarelaError.providerUnavailable("stripe answered 503", retryable: true)
/// ```
public struct PasarelaError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, machine-readable error code.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The input is not well-formed, e.g. not JSON (HTTP 400).
        public static let malformedRequest = Code(rawValue: "malformed_json")
        /// The input is well-formed but a field is invalid (HTTP 422).
        public static let invalidRequest = Code(rawValue: "invalid_request")
        /// The module does not support the operation (HTTP 422).
        public static let unsupportedOperation = Code(rawValue: "unsupported_operation")
        /// The module lacks a capability the request needs, e.g. hosted checkout (HTTP 422).
        ///
        /// - Since: ADK 2.1.
        public static let unsupportedCapability = Code(rawValue: "unsupported_capability")
        /// The partner does not take events of the type sent to it (its `events` patterns) (HTTP 422).
        ///
        /// - Since: ADK 2.1.
        public static let eventNotSubscribed = Code(rawValue: "event_not_subscribed")
        /// The operation does not fit the payment's current state (HTTP 409).
        public static let invalidState = Code(rawValue: "invalid_state")
        /// A webhook signature is missing, wrong or stale (HTTP 401).
        public static let invalidSignature = Code(rawValue: "invalid_signature")
        /// The thing asked for does not exist (HTTP 404).
        public static let notFound = Code(rawValue: "not_found")
        /// An idempotency key was reused with another request (HTTP 409).
        public static let idempotencyConflict = Code(rawValue: "idempotency_conflict")
        /// The provider failed or could not be reached (HTTP 502).
        public static let providerError = Code(rawValue: "provider_error")
        /// The provider did not answer in time (HTTP 504).
        public static let providerTimeout = Code(rawValue: "provider_timeout")
        /// A module option or the configuration is wrong.
        public static let configuration = Code(rawValue: "configuration_error")

        /// The HTTP status the host answers with for this code: 4xx for the caller's mistakes,
        /// 502/504 for the provider's, 500 for the rest.
        ///
        /// ```swift
        /// PasarelaError.Code.invalidRequest.httpStatus   // 422
        /// ```
        public var httpStatus: Int {
            switch self {
            case .malformedRequest: return 400
            case .invalidRequest, .unsupportedOperation, .unsupportedCapability, .eventNotSubscribed: return 422
            case .invalidState, .idempotencyConflict: return 409
            case .invalidSignature: return 401
            case .notFound: return 404
            case .providerTimeout: return 504
            case .providerError: return 502
            default: return 500
            }
        }
    }

    public var code: Code
    /// A human-readable explanation; never contains a secret.
    public var message: String
    /// Whether the same call may succeed if tried again later.
    public var isRetryable: Bool

    public init(_ code: Code, _ message: String, retryable: Bool = false) {
        self.code = code
        self.message = message
        self.isRetryable = retryable
    }

    public var description: String { "\(code): \(message)" }

    /// The provider failed (HTTP 502 to API callers).
    public static func providerUnavailable(_ message: String, retryable: Bool = true) -> PasarelaError {
        PasarelaError(.providerError, message, retryable: retryable)
    }

    /// The module does not implement `operation`.
    public static func unsupported(_ operation: String, module: String) -> PasarelaError {
        PasarelaError(.unsupportedOperation, "\(module) does not support \(operation)")
    }
}
