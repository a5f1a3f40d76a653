import Foundation

/// A provider webhook signature header of the form `t=<unix seconds>,v1=<hex>[,v1=<hex>…]`,
/// where each `<hex>` is the lowercase hex HMAC-SHA256 of `"{t}.{raw body}"`: Stripe's
/// `Stripe-Signature`, and the mock provider's `Mock-Signature` modelled on it.
///
/// Verification takes the first `t`, ignores schemes other than `v1`, accepts the message when
/// any `v1` matches under any of the secrets (compared in constant time), and refuses a
/// timestamp more than ``tolerance`` seconds from now in either direction.
///
/// ```swift
/// let scheme = TimestampedHMACHeader(name: "Stripe-Signature")
/// let header = scheme.header(body: body, secret: "whsec_…", timestamp: 1_700_000_000)
/// try scheme.verify(header: header, body: body, secrets: ["whsec_…"], now: Date())
/// ```
public struct TimestampedHMACHeader: Sendable {
    /// The header's name, used in error messages.
    public var name: String
    /// How far the header's timestamp may be from now, in seconds, in either direction.
    public var tolerance: Int

    public init(name: String, tolerance: Int = 300) {
        self.name = name
        self.tolerance = tolerance
    }

    /// The header value for `body` signed with each of `secrets` at `timestamp`.
    public func header(body: some DataProtocol, secrets: [String], timestamp: Int) -> String {
        let bytes = Array(body)
        return (["t=\(timestamp)"] + secrets.map { "v1=" + Self.signature(body: bytes, secret: $0, timestamp: timestamp) })
            .joined(separator: ",")
    }

    /// The header value for `body` signed with `secret` at `timestamp`.
    public func header(body: some DataProtocol, secret: String, timestamp: Int) -> String {
        header(body: body, secrets: [secret], timestamp: timestamp)
    }

    /// The hex HMAC-SHA256 of `"{timestamp}.{body}"` under `secret`.
    public static func signature(body: some DataProtocol, secret: String, timestamp: Int) -> String {
        HMACSHA256.mac(key: Array(secret.utf8), parts: [Array("\(timestamp).".utf8), Array(body)]).hexString
    }

    /// Checks `header` against `body`; returns the signed timestamp, or throws
    /// ``PasarelaError/Code/invalidSignature`` saying why not.
    @discardableResult
    public func verify(header: String?, body: [UInt8], secrets: [String], now: Date) throws(PasarelaError) -> Int {
        guard let header else { throw PasarelaError(.invalidSignature, "missing \(name) header") }
        var timestamp: Int?
        var signatures: [[UInt8]] = []
        for (key, value) in SignatureHeaderFields.parse(header) {
            if key == "t", timestamp == nil { timestamp = Int(value) }
            if key == "v1" { signatures.append(Array(value.utf8)) }
        }
        guard let timestamp, !signatures.isEmpty else {
            throw PasarelaError(.invalidSignature, "\(name) header must carry t= and at least one v1=")
        }
        let nowSeconds = Int(now.timeIntervalSince1970.rounded(.down))
        guard timestamp >= nowSeconds - tolerance else {
            throw PasarelaError(.invalidSignature, "\(name) timestamp is more than \(tolerance) s old")
        }
        guard timestamp <= nowSeconds + tolerance else {
            throw PasarelaError(.invalidSignature, "\(name) timestamp is more than \(tolerance) s in the future")
        }
        for secret in secrets where !secret.isEmpty {
            let expected = Array(Self.signature(body: body, secret: secret, timestamp: timestamp).utf8)
            if signatures.contains(where: { HMACSHA256.constantTimeEquals($0, expected) }) { return timestamp }
        }
        throw PasarelaError(.invalidSignature, "\(name) does not match the body")
    }
}
