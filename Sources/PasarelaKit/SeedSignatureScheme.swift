import Foundation

/// The seed's scheme: lowercase hex HMAC-SHA256 over the Python canonical JSON of the payload
/// (see ``JSONValue/pythonCanonical()``), in `X-HMAC-Signature` and `X-Partner-Signature`.
///
/// Verification accepts either header, over the canonical form or over the raw body (the seed's
/// Django side signs the raw string), with any of the secrets, compared in constant time. When
/// the payload has a `timestamp`, it must be within ``tolerance`` of now.
public struct SeedSignatureScheme: SignatureScheme {
    public static let signatureHeader = "X-HMAC-Signature"
    public static let partnerSignatureHeader = "X-Partner-Signature"

    public let name = "seed"
    /// How far the payload's `timestamp` may be from now, in seconds.
    public var tolerance: TimeInterval

    public init(tolerance: TimeInterval = 300) {
        self.tolerance = tolerance
    }

    public func sign(_ message: SignedMessage, secrets: [String]) throws(SignatureError) -> [(name: String, value: String)] {
        guard let secret = secrets.first else { throw SignatureError("no secret to sign with") }
        let payload: JSONValue
        do {
            payload = try JSONValue.parse(message.body)
        } catch {
            throw SignatureError("the body is not JSON: \(error)")
        }
        let signature = HMACSHA256.hex(key: secret, message: Array(payload.pythonCanonical().utf8))
        return [(Self.signatureHeader, signature), (Self.partnerSignatureHeader, signature)]
    }

    public func verify(headers: [String: String], body: [UInt8], secrets: [String], now: Date) throws(SignatureError)
        -> VerifiedMessage
    {
        let presented = [headers[Self.signatureHeader.lowercased()], headers[Self.partnerSignatureHeader.lowercased()]]
            .compactMap { $0?.trimmingCharacters(in: .whitespaces).lowercased() }
        guard !presented.isEmpty else {
            throw SignatureError("missing \(Self.signatureHeader) or \(Self.partnerSignatureHeader) header")
        }
        let payload: JSONValue
        do {
            payload = try JSONValue.parse(body)
        } catch {
            throw SignatureError("the body is not JSON")
        }
        let presentedBytes = presented.map { Array($0.utf8) }
        func isSigned(_ form: [UInt8]) -> Bool {
            secrets.contains { secret in
                let expected = Array(HMACSHA256.hex(key: secret, message: form).utf8)
                return presentedBytes.contains { HMACSHA256.constantTimeEquals($0, expected) }
            }
        }
        // The raw body first: senders that sign what they send (Pasarela among them) need no
        // canonical form at all. Python's `requests.post(json=…)` does not, hence the second try.
        var signed = isSigned(body)
        if !signed {
            let canonical = Array(payload.pythonCanonical().utf8)
            signed = canonical != body && isSigned(canonical)
        }
        guard signed else { throw SignatureError("the signature does not match the payload") }
        var timestamp: Date?
        if let text = payload["timestamp"]?.stringValue {
            guard let sent = ISOTimestamp.parse(text) else {
                throw SignatureError("the payload's timestamp '\(text)' is not an ISO 8601 time")
            }
            guard abs(sent.timeIntervalSince(now)) <= tolerance else {
                throw SignatureError("the payload's timestamp is outside the \(Int(tolerance)) s tolerance")
            }
            timestamp = sent
        }
        return VerifiedMessage(messageID: payload["event_id"]?.stringValue, timestamp: timestamp, payload: payload)
    }

    /// 64 lowercase hex characters (32 random bytes).
    public func generateSecret() -> String {
        SignatureSchemes.randomBytes().hexString
    }
}
