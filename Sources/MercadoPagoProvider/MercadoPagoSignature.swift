import Foundation
import PasarelaKit

/// MercadoPago's `x-signature: ts=<unix seconds>,v1=<hex HMAC-SHA256>` over the manifest
/// `id:{data.id};request-id:{x-request-id};ts:{ts};`, where a pair whose value is absent is left out.
/// `package` so that the fuzz targets (Fuzz/) can reach it.
package enum MercadoPagoSignature {
    /// The manifest MercadoPago signs.
    package static func manifest(dataID: String?, requestID: String?, timestamp: String) -> String {
        var parts: [String] = []
        if let dataID, !dataID.isEmpty { parts.append("id:\(dataID)") }
        if let requestID, !requestID.isEmpty { parts.append("request-id:\(requestID)") }
        parts.append("ts:\(timestamp)")
        return parts.joined(separator: ";") + ";"
    }

    /// `ts` and the `v1` hash from the header; `nil` when either is missing or `ts` is not a number.
    package static func parse(_ header: String) -> (timestamp: String, hash: String)? {
        var timestamp: String?
        var hash: String?
        for (key, value) in SignatureHeaderFields.parse(header) {
            switch key.lowercased() {
            case "ts": timestamp = value
            case "v1": hash = value.lowercased()
            default: continue
            }
        }
        guard let timestamp, !timestamp.isEmpty, timestamp.allSatisfy(\.isASCIIDigit), let hash else { return nil }
        return (timestamp, hash)
    }

    /// Which form of `data.id` the signature was made over.
    package enum Match: String {
        case asReceived = "as received"
        case lowercased
    }

    /// Checks the signature and its age; tries `data.id` as received, then lowercased.
    package static func verify(
        header: String?, requestID: String?, dataID: String, secret: String, now: Date, tolerance: Int
    ) throws(PasarelaError) -> Match {
        guard let header, !header.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw PasarelaError(.invalidSignature, "missing x-signature header")
        }
        guard let (timestamp, hash) = parse(header), let seconds = Int(timestamp) else {
            throw PasarelaError(.invalidSignature, "x-signature is not ts=…,v1=…")
        }
        let candidates: [(Match, String)] = [(.asReceived, dataID), (.lowercased, dataID.lowercased())]
        var matched: Match?
        for (form, id) in candidates where matched == nil && (form == .asReceived || id != dataID) {
            let expected = HMACSHA256.hex(key: secret, message: Array(manifest(dataID: id, requestID: requestID, timestamp: timestamp).utf8))
            if HMACSHA256.constantTimeEquals(Array(expected.utf8), Array(hash.utf8)) { matched = form }
        }
        guard let matched else { throw PasarelaError(.invalidSignature, "x-signature does not match the notification") }
        guard abs(Int(now.timeIntervalSince1970) - seconds) <= tolerance else {
            throw PasarelaError(.invalidSignature, "x-signature's ts is outside the \(tolerance) s tolerance")
        }
        return matched
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
