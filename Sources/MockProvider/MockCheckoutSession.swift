import Foundation
import PasarelaKit

/// A hosted checkout the mock opened, kept in its module store under the hash of its token (the
/// token itself is only in the customer's URL).
struct MockCheckoutSession: Codable, Sendable {
    struct Item: Codable, Sendable {
        var name: String
        var quantity: Int
        var unitMinor: Int64
    }

    var providerPaymentID: String
    var paymentID: String
    var amountMinor: Int64
    var currency: String
    var description: String?
    var items: [Item]
    var successURL: String
    var cancelURL: String
    var expiresAt: Date
    /// The choice made on the page (`pay`, `decline`, `cancel`), or `expired`; `nil` while open.
    var outcome: String?

    /// Where a session is kept: by a hash of its token.
    static func key(token: String) -> String {
        "checkout/" + HMACSHA256.hex(key: "mock-checkout", message: Array(token.utf8))
    }

    /// Where the session's key is kept for the payment, so that reads find the session.
    static func key(providerPaymentID: String) -> String {
        "checkout-of/\(providerPaymentID)"
    }

    /// Where the page's URL is kept for the payment, for a retried request with the same
    /// idempotency key (the host keeps that answer, URL included, for its own replays too).
    static func urlKey(providerPaymentID: String) -> String {
        "checkout-url/\(providerPaymentID)"
    }

    /// A new unguessable token: 32 random bytes, base64url.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Whether `token` has the shape ``newToken()`` gives (43 base64url characters).
    static func isWellFormed(_ token: String) -> Bool {
        token.utf8.count == 43 && token.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D
                || byte == 0x5F
        }
    }
}
