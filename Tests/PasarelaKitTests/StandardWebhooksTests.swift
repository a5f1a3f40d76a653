import Foundation
import PasarelaKit
import Testing

@Suite("Standard Webhooks scheme")
struct StandardWebhooksTests {
    // The specification's published test vector.
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    let id = "msg_p5jXN8AQM9LWM0D4loKWxJek"
    let timestamp = 1_614_265_330
    let body = Array(#"{"test": 2432232314}"#.utf8)
    let expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    let scheme = StandardWebhooksScheme()

    var now: Date { Date(timeIntervalSince1970: TimeInterval(timestamp)) }

    func headers(signature: String? = nil, id: String? = nil, timestamp: String? = nil) -> [String: String] {
        ["webhook-id": id ?? self.id, "webhook-timestamp": timestamp ?? String(self.timestamp), "webhook-signature": signature ?? expected]
    }

    @Test("signing reproduces the specification's vector")
    func signsVector() throws {
        let signed = try scheme.sign(SignedMessage(id: id, timestamp: now, body: body), secrets: [secret])
        #expect(signed.map(\.name) == ["webhook-id", "webhook-timestamp", "webhook-signature"])
        #expect(signed[2].value == expected)
        #expect(signed[1].value == "1614265330")
    }

    @Test("the vector verifies, also among several signatures and with an unprefixed secret")
    func verifiesVector() throws {
        #expect(try scheme.verify(headers: headers(), body: body, secrets: [secret], now: now).messageID == id)
        let several = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,abc \(expected) v1,!!notbase64"
        #expect(throws: Never.self) { try scheme.verify(headers: headers(signature: several), body: body, secrets: [secret], now: now) }
        #expect(throws: Never.self) {
            try scheme.verify(headers: headers(), body: body, secrets: ["MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"], now: now)
        }
        #expect(throws: Never.self) {
            try scheme.verify(headers: headers(), body: body, secrets: ["whsec_AAAAAAAAAAAAAAAAAAAAAA==", secret], now: now)
        }
    }

    @Test(
        "the specification's negative cases are refused",
        arguments: [
            "wrong signature", "v2 only", "missing id", "missing timestamp", "missing signature", "tampered body",
            "other id", "old timestamp", "new timestamp", "bad timestamp", "wrong secret",
        ])
    func refuses(caseName: String) {
        var headers = headers()
        var body = body
        var secrets = [secret]
        var now = now
        switch caseName {
        case "wrong signature": headers["webhook-signature"] = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="
        case "v2 only": headers["webhook-signature"] = expected.replacingOccurrences(of: "v1,", with: "v2,")
        case "missing id": headers["webhook-id"] = nil
        case "missing timestamp": headers["webhook-timestamp"] = nil
        case "missing signature": headers["webhook-signature"] = nil
        case "tampered body": body[body.count - 2] = UInt8(ascii: "5")
        case "other id": headers["webhook-id"] = "msg_other"
        case "old timestamp": now = now.addingTimeInterval(301)
        case "new timestamp": now = now.addingTimeInterval(-301)
        case "bad timestamp": headers["webhook-timestamp"] = "yesterday"
        case "wrong secret": secrets = ["whsec_AAAAAAAAAAAAAAAAAAAAAA=="]
        default: Issue.record("unknown case \(caseName)")
        }
        #expect(throws: SignatureError.self) { try scheme.verify(headers: headers, body: body, secrets: secrets, now: now) }
    }

    @Test("during a rotation every secret signs, and either verifies")
    func rotation() throws {
        let newSecret = scheme.generateSecret()
        let signed = try scheme.sign(SignedMessage(id: id, timestamp: now, body: body), secrets: [newSecret, secret])
        let signature = signed[2].value
        #expect(signature.split(separator: " ").count == 2)
        #expect(signature.hasSuffix(expected))
        for verifier in [[secret], [newSecret]] {
            #expect(throws: Never.self) { try scheme.verify(headers: headers(signature: signature), body: body, secrets: verifier, now: now) }
        }
    }

    @Test("generated secrets are whsec_ and 32 random bytes")
    func secrets() {
        let generated = scheme.generateSecret()
        #expect(generated.hasPrefix("whsec_"))
        #expect(Data(base64Encoded: String(generated.dropFirst(6)))?.count == 32)
    }

    @Test("schemes are found by name")
    func byName() throws {
        #expect(try SignatureSchemes.named("seed").name == "seed")
        #expect(try SignatureSchemes.named("standard").name == "standard")
        #expect(throws: SignatureError.self) { try SignatureSchemes.named("hmac") }
    }
}
