import PasarelaKit
import StripeProvider

/// `Stripe-Signature` (``TimestampedHMACHeader`` as the Stripe module configures it).
///
/// Input: one byte of clock skew (× 3 s), the header line, then the body. The header is verified
/// as it is (must not crash), then behind a genuine `t=…,v1=…` for the body signed at the skewed
/// time: that must be accepted exactly when the skew is within the 300 s tolerance, whatever the
/// fuzzer's part adds (the first `t` counts), and refused for any other body.
enum StripeSignatureFuzz {
    static let secret = "whsec_fuzz_stripe"

    static func run(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let skew = input.offset() * 3
        let header = input.line()
        let body = input.remainder()
        let scheme = StripeWebhookSignature.scheme(tolerance: 300)
        let now = FuzzTarget.now
        func accepts(_ header: String, _ body: [UInt8]) -> Bool {
            (try? scheme.verify(header: header, body: body, secrets: [secret], now: now)) != nil
        }
        _ = accepts(header, body)

        let timestamp = Int(now.timeIntervalSince1970) + skew
        let genuine = StripeWebhookSignature.header(body: body, secret: secret, timestamp: timestamp) + "," + header
        FuzzProperty.require(accepts(genuine, body) == (abs(skew) <= 300), "skew \(skew) s wrongly judged: \(genuine)")
        FuzzProperty.require(!accepts(genuine, body + [0x20]), "a signature verified another body: \(genuine)")
    }
}
