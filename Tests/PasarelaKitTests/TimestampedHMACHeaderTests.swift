import Foundation
import PasarelaKit
import Testing

@Suite("t=,v1= signature headers")
struct TimestampedHMACHeaderTests {
    let scheme = TimestampedHMACHeader(name: "Test-Signature")
    let body = Array(#"{"id":"evt_1"}"#.utf8)
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    @Test("the signature is hex HMAC-SHA256 of \"{t}.{body}\"")
    func vector() {
        let expected = HMACSHA256.hex(key: "secret", message: Array("1700000000.".utf8) + body)
        #expect(scheme.header(body: body, secret: "secret", timestamp: 1_700_000_000) == "t=1700000000,v1=\(expected)")
    }

    @Test("any v1 under any secret verifies; other schemes are ignored; the first t counts")
    func several() throws {
        let signed = scheme.header(body: body, secrets: ["old", "new"], timestamp: 1_700_000_000)
        #expect(try scheme.verify(header: signed, body: body, secrets: ["new"], now: now) == 1_700_000_000)
        #expect(try scheme.verify(header: signed, body: body, secrets: ["other", "old"], now: now) == 1_700_000_000)
        let withV0 = signed.replacingOccurrences(of: "t=1700000000,", with: "t=1700000000,v0=deadbeef, ")
        #expect(try scheme.verify(header: withV0, body: body, secrets: ["new"], now: now) == 1_700_000_000)
        let v0Only = signed.replacingOccurrences(of: "v1=", with: "v0=")
        #expect(throws: PasarelaError.self) { try scheme.verify(header: v0Only, body: body, secrets: ["new"], now: now) }
    }

    @Test("a part after the signature that starts with a combining mark is a part of its own (found by fuzzing)")
    func combiningMarkAfterSignature() throws {
        let signed = scheme.header(body: body, secret: "s", timestamp: 1_700_000_000)
        #expect(try scheme.verify(header: signed + ",\u{5B6}", body: body, secrets: ["s"], now: now) == 1_700_000_000)
    }

    @Test("the tolerance holds in both directions, inclusive")
    func tolerance() throws {
        for (offset, valid) in [(-300, true), (300, true), (-301, false), (301, false)] {
            let header = scheme.header(body: body, secret: "s", timestamp: 1_700_000_000 + offset)
            let result = Result { try scheme.verify(header: header, body: body, secrets: ["s"], now: now) }
            #expect(((try? result.get()) != nil) == valid, "offset \(offset)")
        }
    }

    @Test("a wrong secret, an empty secret list, a missing or malformed header are invalid signatures")
    func refusals() {
        let signed = scheme.header(body: body, secret: "s", timestamp: 1_700_000_000)
        let cases: [(String?, [String])] = [(signed, ["wrong"]), (signed, []), (signed, [""]), (nil, ["s"]), ("t=1700000000", ["s"]), ("nonsense", ["s"])]
        for (header, secrets) in cases {
            let error = #expect(throws: PasarelaError.self) { try scheme.verify(header: header, body: body, secrets: secrets, now: now) }
            #expect(error?.code == .invalidSignature)
            #expect(error?.message.contains("Test-Signature") == true)
        }
    }
}
