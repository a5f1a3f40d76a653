import MercadoPagoProvider
import PasarelaKit

/// MercadoPago's `x-signature` (``MercadoPagoSignature``).
///
/// Input: one byte of clock skew (× 3 s), then the lines `x-signature`, `x-request-id` and the
/// query's `data.id`. The header is verified as it is (must not crash), then after the fuzzer's
/// part comes a genuine `ts=…,v1=…` over the manifest with `data.id` as received, and again with
/// it lowercased: each must be accepted, as that form, exactly when the skew is within tolerance
/// (the last `ts` and `v1` count).
enum MercadoPagoSignatureFuzz {
    static let secret = "mp_fuzz_secret"
    static let tolerance = 300

    static func run(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let skew = input.offset() * 3
        let header = input.line()
        let requestID = input.line()
        let dataID = input.line()
        let now = FuzzTarget.now
        func verify(_ header: String) -> MercadoPagoSignature.Match? {
            try? MercadoPagoSignature.verify(
                header: header, requestID: requestID, dataID: dataID, secret: secret, now: now, tolerance: tolerance)
        }
        _ = verify(header)

        let timestamp = String(Int(now.timeIntervalSince1970) + skew)
        for signedID in [dataID, dataID.lowercased()] {
            let manifest = MercadoPagoSignature.manifest(dataID: signedID, requestID: requestID, timestamp: timestamp)
            let genuine = header + ",ts=\(timestamp),v1=" + HMACSHA256.hex(key: secret, message: Array(manifest.utf8))
            let form: MercadoPagoSignature.Match = signedID == dataID ? .asReceived : .lowercased
            let expected = abs(skew) <= tolerance ? form : nil
            FuzzProperty.require(verify(genuine) == expected, "skew \(skew) s, data.id \(signedID) wrongly judged: \(genuine)")
        }
    }
}
