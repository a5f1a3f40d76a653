import PasarelaKit

/// The partner signature schemes: ``StandardWebhooksScheme`` and ``SeedSignatureScheme``.
///
/// Input: one byte choosing the scheme (even: standard, odd: seed), one byte of clock skew
/// (× 3 s), then per scheme (``standard(_:skew:)``, ``seed(_:)``) header lines and the body.
/// Whatever the headers, verifying must not crash, and a genuinely signed message must be
/// judged by its freshness alone.
enum SignatureSchemesFuzz {
    static let standardSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let seedSecret = "seed_fuzz_secret"
    static let tolerance = 300

    static func run(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        if input.byte() % 2 == 0 {
            let skew = input.offset() * 3
            standard(&input, skew: skew)
        } else {
            _ = input.byte()
            seed(&input)
        }
    }

    /// Lines `webhook-id`, `webhook-timestamp`, `webhook-signature`, then the body. The message
    /// signed at the skewed time, with the fuzzer's signatures before the genuine one, must be
    /// accepted exactly when the skew is within tolerance.
    static func standard(_ input: inout FuzzInput, skew: Int) {
        let scheme = StandardWebhooksScheme(tolerance: Double(tolerance))
        let id = input.line()
        let headers = [
            StandardWebhooksScheme.idHeader: id, StandardWebhooksScheme.timestampHeader: input.line(),
            StandardWebhooksScheme.signatureHeader: input.line(),
        ]
        let body = input.remainder()
        _ = try? scheme.verify(headers: headers, body: body, secrets: [standardSecret], now: FuzzTarget.now)

        let message = SignedMessage(id: id, timestamp: FuzzTarget.now.addingTimeInterval(Double(skew)), body: body)
        guard let signed = try? scheme.sign(message, secrets: [standardSecret]) else {
            return FuzzProperty.require(false, "signing failed")
        }
        var genuine = Dictionary(signed.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        genuine[StandardWebhooksScheme.signatureHeader] = headers[StandardWebhooksScheme.signatureHeader]! + " "
            + genuine[StandardWebhooksScheme.signatureHeader, default: ""]
        let accepted = (try? scheme.verify(headers: genuine, body: body, secrets: [standardSecret], now: FuzzTarget.now)) != nil
        FuzzProperty.require(accepted == (abs(skew) <= tolerance), "skew \(skew) s wrongly judged: \(genuine)")
    }

    /// Lines `X-HMAC-Signature`, `X-Partner-Signature`, then the body. A JSON body signed by
    /// ``SeedSignatureScheme/sign(_:secrets:)`` must be accepted exactly when its `timestamp` is
    /// an ISO 8601 string within tolerance: a body with none, or with a number, is refused.
    static func seed(_ input: inout FuzzInput) {
        let scheme = SeedSignatureScheme(tolerance: Double(tolerance))
        let headers = [
            SeedSignatureScheme.signatureHeader.lowercased(): input.line(),
            SeedSignatureScheme.partnerSignatureHeader.lowercased(): input.line(),
        ]
        let body = input.remainder()
        _ = try? scheme.verify(headers: headers, body: body, secrets: [seedSecret], now: FuzzTarget.now)

        guard let payload = try? JSONValue.parse(body) else { return }
        guard let signed = try? scheme.sign(SignedMessage(id: "fuzz", timestamp: FuzzTarget.now, body: body), secrets: [seedSecret])
        else { return FuzzProperty.require(false, "signing a JSON body failed") }
        let genuine = Dictionary(signed.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
        let verified = try? scheme.verify(headers: genuine, body: body, secrets: [seedSecret], now: FuzzTarget.now)
        let fresh = payload["timestamp"]?.stringValue.map { text in
            ISOTimestamp.parse(text).map { abs($0.timeIntervalSince(FuzzTarget.now)) <= Double(tolerance) } ?? false
        }
        FuzzProperty.require((verified != nil) == (fresh ?? false), "a signed body was wrongly judged: \(signed)")
        if let verified {
            FuzzProperty.require(verified.payload == payload, "the verified payload is not the body's")
        }
    }
}
