import Foundation
import PasarelaKit

/// The mock provider's webhook signature: header `Mock-Signature: t=<unix seconds>,v1=<hex>`,
/// where `<hex>` is HMAC-SHA256 of `"{t}.{raw body}"` under the instance's `webhook_secret`
/// (PasarelaKit's ``TimestampedHMACHeader``, the scheme Stripe uses).
///
/// The body is `{"id": "mevt_…", "provider_payment_id": "mock_pay_…", "status": "succeeded",
/// "failure_code"?: "…"}`; `status` is any normalized payment status. A webhook that settles a
/// pending refund is `{"id": "mevt_…", "provider_refund_id": "mock_re_…", "status": "succeeded" | "failed"}`.
public enum MockWebhookSignature {
    /// The header's name.
    public static let headerName = "Mock-Signature"

    /// The header value for `body` signed at `timestamp`.
    public static func header(body: some DataProtocol, secret: String, timestamp: Int) -> String {
        TimestampedHMACHeader(name: headerName).header(body: body, secret: secret, timestamp: timestamp)
    }

    /// Checks `header` against `body`; throws ``PasarelaError/Code/invalidSignature`` with the reason.
    static func verify(header: String?, body: [UInt8], secret: String, now: Date, tolerance: Int) throws(PasarelaError) {
        try TimestampedHMACHeader(name: headerName, tolerance: tolerance).verify(
            header: header, body: body, secrets: [secret], now: now)
    }
}
