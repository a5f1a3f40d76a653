import PasarelaKit

/// Stripe's webhook signature: `Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…]` over
/// `"{t}.{raw body}"` with the endpoint's signing secret (PasarelaKit's ``TimestampedHMACHeader``),
/// 300 seconds of tolerance in either direction by default.
///
/// ```swift
/// let header = StripeWebhookSignature.header(body: body, secret: "whsec_…", timestamp: 1_700_000_000)
/// ```
public enum StripeWebhookSignature {
    /// The header's name.
    public static let headerName = "Stripe-Signature"

    /// The verifier with `tolerance` seconds of slack (`package` for the fuzz targets, Fuzz/).
    package static func scheme(tolerance: Int) -> TimestampedHMACHeader {
        TimestampedHMACHeader(name: headerName, tolerance: tolerance)
    }

    /// A header value signing `body` at `timestamp` with each of `secrets`, as Stripe sends during a rotation.
    public static func header(body: [UInt8], secrets: [String], timestamp: Int) -> String {
        scheme(tolerance: 300).header(body: body, secrets: secrets, timestamp: timestamp)
    }

    /// A header value signing `body` at `timestamp` with `secret`.
    public static func header(body: [UInt8], secret: String, timestamp: Int) -> String {
        header(body: body, secrets: [secret], timestamp: timestamp)
    }
}
