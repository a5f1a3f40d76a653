import Foundation

/// Standard Webhooks: `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature`,
/// a space-separated list of `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`.
///
/// Secrets are `whsec_<base64 key>`; during a rotation a message carries one signature per
/// secret. The timestamp must be within ``tolerance`` of now, in both directions.
public struct StandardWebhooksScheme: SignatureScheme {
    public static let idHeader = "webhook-id"
    public static let timestampHeader = "webhook-timestamp"
    public static let signatureHeader = "webhook-signature"
    static let secretPrefix = "whsec_"

    public let name = "standard"
    /// How far `webhook-timestamp` may be from now, in seconds.
    public var tolerance: TimeInterval

    public init(tolerance: TimeInterval = 300) {
        self.tolerance = tolerance
    }

    public func sign(_ message: SignedMessage, secrets: [String]) throws(SignatureError) -> [(name: String, value: String)] {
        guard !secrets.isEmpty else { throw SignatureError("no secret to sign with") }
        let timestamp = Int(message.timestamp.timeIntervalSince1970.rounded(.down))
        var signatures: [String] = []
        for secret in secrets {
            signatures.append("v1," + Data(try mac(id: message.id, timestamp: String(timestamp), body: message.body, secret: secret)).base64EncodedString())
        }
        return [
            (Self.idHeader, message.id), (Self.timestampHeader, String(timestamp)),
            (Self.signatureHeader, signatures.joined(separator: " ")),
        ]
    }

    public func verify(headers: [String: String], body: [UInt8], secrets: [String], now: Date) throws(SignatureError)
        -> VerifiedMessage
    {
        guard let id = headers[Self.idHeader], let timestampText = headers[Self.timestampHeader],
            let signatureList = headers[Self.signatureHeader]
        else {
            throw SignatureError("missing \(Self.idHeader), \(Self.timestampHeader) or \(Self.signatureHeader) header")
        }
        guard let timestamp = Int(timestampText) else { throw SignatureError("\(Self.timestampHeader) is not a Unix time") }
        let nowSeconds = Int(now.timeIntervalSince1970.rounded(.down))
        guard timestamp >= nowSeconds - Int(tolerance) else { throw SignatureError("the message timestamp is too old") }
        guard timestamp <= nowSeconds + Int(tolerance) else { throw SignatureError("the message timestamp is too new") }
        // Split as bytes: splitting the String walks grapheme clusters, a cost seen on every webhook.
        let presented = signatureList.utf8.split(separator: UInt8(ascii: " ")).compactMap { entry -> [UInt8]? in
            guard entry.starts(with: "v1,".utf8) else { return nil }
            return Data(base64Encoded: String(decoding: entry.dropFirst(3), as: UTF8.self)).map(Array.init)
        }
        for secret in secrets {
            let expected = try mac(id: id, timestamp: timestampText, body: body, secret: secret)
            if presented.contains(where: { HMACSHA256.constantTimeEquals($0, expected) }) {
                return VerifiedMessage(messageID: id, timestamp: Date(timeIntervalSince1970: TimeInterval(timestamp)))
            }
        }
        throw SignatureError("no matching signature found")
    }

    /// `whsec_` and the base64 of 32 random bytes.
    public func generateSecret() -> String {
        Self.secretPrefix + Data(SignatureSchemes.randomBytes()).base64EncodedString()
    }

    private func mac(id: String, timestamp: String, body: [UInt8], secret: String) throws(SignatureError) -> [UInt8] {
        let encoded = secret.hasPrefix(Self.secretPrefix) ? String(secret.dropFirst(Self.secretPrefix.count)) : secret
        guard let key = Data(base64Encoded: encoded), !key.isEmpty else {
            throw SignatureError("the secret is not whsec_<base64>")
        }
        return HMACSHA256.mac(key: Array(key), parts: [Array("\(id).\(timestamp).".utf8), body])
    }
}
