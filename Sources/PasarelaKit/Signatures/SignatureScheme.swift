import Foundation

/// How webhook messages between partners are signed and verified.
///
/// Two schemes ship: ``SeedSignatureScheme`` (`seed`, the seed's Python partners) and
/// ``StandardWebhooksScheme`` (`standard`, Standard Webhooks). Both work outside the server, so
/// the CLI and tests use them directly.
///
/// ```swift
/// let scheme = try SignatureSchemes.named("standard")
/// let headers = try scheme.sign(SignedMessage(id: "msg_1", timestamp: Date(), body: body), secrets: [secret])
/// let verified = try scheme.verify(headers: received, body: body, secrets: [secret], now: Date())
/// ```
public protocol SignatureScheme: Sendable {
    /// The name used in configuration: `seed` or `standard`.
    var name: String { get }

    /// The headers that sign `message`; with several secrets (rotation) the scheme signs with
    /// each if it can, else with the first.
    func sign(_ message: SignedMessage, secrets: [String]) throws(SignatureError) -> [(name: String, value: String)]

    /// Checks `body` against the signature headers with any of `secrets`, and its freshness.
    ///
    /// - Parameter headers: header names in lower case.
    func verify(headers: [String: String], body: [UInt8], secrets: [String], now: Date) throws(SignatureError)
        -> VerifiedMessage

    /// A new random secret in this scheme's form.
    func generateSecret() -> String
}

/// A message to sign.
public struct SignedMessage: Sendable {
    /// The message id (`webhook-id`, or the envelope's `event_id`).
    public var id: String
    public var timestamp: Date
    /// The exact body that will be sent.
    public var body: [UInt8]

    public init(id: String, timestamp: Date, body: [UInt8]) {
        self.id = id
        self.timestamp = timestamp
        self.body = body
    }
}

/// What a successful verification learned about the message.
public struct VerifiedMessage: Sendable {
    /// The sender's message id, when the scheme carries one (`webhook-id`).
    public var messageID: String?
    /// When the sender says it sent the message.
    public var timestamp: Date?
    /// The parsed body, when the scheme had to parse it to verify it (so callers need not again).
    public var payload: JSONValue?

    public init(messageID: String?, timestamp: Date?, payload: JSONValue? = nil) {
        self.messageID = messageID
        self.timestamp = timestamp
        self.payload = payload
    }
}

/// Why a message failed verification (or could not be signed).
public struct SignatureError: Error, Equatable, Sendable, CustomStringConvertible {
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}

/// The built-in signature schemes, by name.
public enum SignatureSchemes {
    /// Every scheme name Pasarela knows.
    public static let names = ["seed", "standard"]

    /// The scheme called `name`, with a freshness tolerance of `tolerance` seconds.
    public static func named(_ name: String, tolerance: TimeInterval = 300) throws(SignatureError) -> any SignatureScheme {
        switch name {
        case "seed": return SeedSignatureScheme(tolerance: tolerance)
        case "standard": return StandardWebhooksScheme(tolerance: tolerance)
        default: throw SignatureError("unknown signature scheme '\(name)' (known: \(names.joined(separator: ", ")))")
        }
    }

    /// 32 random bytes from the system's secure generator.
    static func randomBytes() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}
