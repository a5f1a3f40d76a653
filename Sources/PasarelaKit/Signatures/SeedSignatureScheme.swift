import Foundation

/// The seed's scheme: lowercase hex HMAC-SHA256 over the Python canonical JSON of the payload
/// (see ``JSONValue/pythonCanonical()``), in `X-HMAC-Signature` and `X-Partner-Signature`.
///
/// Verification accepts either header, over the canonical form or over the raw body (the seed's
/// Django side signs the raw string), with any of the secrets, compared in constant time. The
/// payload must carry its `timestamp` as an ISO 8601 string within ``tolerance`` of now.
///
/// What the scheme can promise: the signature covers the body only, and the same shared secret
/// signs both directions. Anyone who captured a signed body can send it again, unchanged, until its
/// timestamp leaves the tolerance window; the host then deduplicates it by the envelope's
/// `event_id` (so a replay inside the window is applied once at most) and refuses an envelope
/// whose `source` is the host itself (its own outgoing event reflected back). A body without an
/// `event_id` is deduplicated by its hash alone, which a re-stamped copy defeats; partners that can
/// should send an `event_id`, or use the `standard` scheme, which signs an id and a timestamp.
public struct SeedSignatureScheme: SignatureScheme {
    public static let signatureHeader = "X-HMAC-Signature"
    public static let partnerSignatureHeader = "X-Partner-Signature"

    public let name = "seed"
    /// How far the payload's `timestamp` may be from now, in seconds; `.infinity` checks no
    /// freshness at all (for golden vectors and archived messages, never for a live host).
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
            .compactMap { $0?.utf8.trimmingOptionalWhitespace.lowercased() }
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
        return VerifiedMessage(
            messageID: PartnerEnvelope.eventID(in: payload), timestamp: try freshTimestamp(of: payload, now: now), payload: payload)
    }

    /// The payload's `timestamp`, refused unless it is an ISO 8601 string within ``tolerance`` of
    /// `now`: a number, or no timestamp at all, would let a captured body be replayed forever.
    private func freshTimestamp(of payload: JSONValue, now: Date) throws(SignatureError) -> Date? {
        guard tolerance.isFinite else { return payload["timestamp"]?.stringValue.flatMap(ISOTimestamp.parse) }
        guard let value = payload["timestamp"] else { throw SignatureError("the payload has no timestamp") }
        guard let text = value.stringValue else {
            throw SignatureError("the payload's timestamp is a \(value.typeName), not an ISO 8601 string")
        }
        guard let sent = ISOTimestamp.parse(text) else {
            throw SignatureError("the payload's timestamp '\(text)' is not an ISO 8601 time")
        }
        guard abs(sent.timeIntervalSince(now)) <= tolerance else {
            throw SignatureError("the payload's timestamp is outside the \(Int(tolerance)) s tolerance")
        }
        return sent
    }

    /// 64 lowercase hex characters (32 random bytes).
    public func generateSecret() -> String {
        SignatureSchemes.randomBytes().hexString
    }
}
