import Foundation
import PasarelaKit

/// The mock provider's webhook signature: header `Mock-Signature: t=<unix seconds>,v1=<hex>`,
/// where `<hex>` is HMAC-SHA256 of `"{t}.{raw body}"` under the instance's `webhook_secret`.
///
/// The body is `{"id": "mevt_…", "provider_payment_id": "mock_pay_…", "status": "succeeded",
/// "failure_code"?: "…"}`; `status` is any normalized payment status.
public enum MockWebhookSignature {
    /// The header's name.
    public static let headerName = "Mock-Signature"

    /// The header value for `body` signed at `timestamp`.
    public static func header(body: some DataProtocol, secret: String, timestamp: Int) -> String {
        "t=\(timestamp),v1=\(signature(body: body, secret: secret, timestamp: timestamp))"
    }

    static func signature(body: some DataProtocol, secret: String, timestamp: Int) -> String {
        HMACSHA256.hex(key: secret, message: Array("\(timestamp).".utf8) + Array(body))
    }

    /// Checks `header` against `body`; throws ``PasarelaError/Code/invalidSignature`` with the reason.
    static func verify(header: String?, body: [UInt8], secret: String, now: Date, tolerance: Int) throws(PasarelaError) {
        guard let header else { throw PasarelaError(.invalidSignature, "missing \(headerName) header") }
        var timestamp: Int?
        var signatures: [String] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { timestamp = Int(pair[1]) }
            if pair[0] == "v1" { signatures.append(pair[1]) }
        }
        guard let timestamp, !signatures.isEmpty else {
            throw PasarelaError(.invalidSignature, "\(headerName) header must carry t= and v1=")
        }
        let nowSeconds = Int(now.timeIntervalSince1970)
        guard timestamp >= nowSeconds - tolerance, timestamp <= nowSeconds + tolerance else {
            throw PasarelaError(.invalidSignature, "\(headerName) timestamp is outside the \(tolerance) s tolerance")
        }
        let expected = Array(signature(body: body, secret: secret, timestamp: timestamp).utf8)
        guard signatures.contains(where: { HMACSHA256.constantTimeEquals(Array($0.utf8), expected) }) else {
            throw PasarelaError(.invalidSignature, "\(headerName) does not match the body")
        }
    }
}
