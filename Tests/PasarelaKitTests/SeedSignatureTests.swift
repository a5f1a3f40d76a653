import Foundation
import PasarelaKit
import Testing

/// One golden vector made by Python (Fixtures/make_seed_vectors.py).
struct SeedVector: Decodable, CustomTestStringConvertible, Sendable {
    let name: String
    let body: String
    let canonical: String
    let secret: String
    let signature: String
    let rawSignature: String

    enum CodingKeys: String, CodingKey {
        case name, body, canonical, secret, signature
        case rawSignature = "raw_signature"
    }

    var testDescription: String { name }

    static let all: [SeedVector] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/seed_vectors.json")
        return try! JSONDecoder().decode([SeedVector].self, from: Data(contentsOf: url))
    }()
}

@Suite("Seed signature scheme")
struct SeedSignatureTests {
    let scheme = SeedSignatureScheme(tolerance: .infinity)
    let now = Date()

    @Test("canonical JSON matches Python's json.dumps(sort_keys=True) byte for byte", arguments: SeedVector.all)
    func canonical(vector: SeedVector) throws {
        #expect(try JSONValue.parse(vector.body).pythonCanonical() == vector.canonical)
    }

    @Test("signing gives Python's signature", arguments: SeedVector.all)
    func signs(vector: SeedVector) throws {
        let headers = try scheme.sign(SignedMessage(id: "x", timestamp: now, body: Array(vector.body.utf8)), secrets: [vector.secret])
        #expect(headers.first { $0.name == "X-HMAC-Signature" }?.value == vector.signature)
        #expect(headers.first { $0.name == "X-Partner-Signature" }?.value == vector.signature)
    }

    @Test("Python's signatures are accepted in either header, canonical or raw", arguments: SeedVector.all)
    func verifies(vector: SeedVector) throws {
        let body = Array(vector.body.utf8)
        for header in ["x-hmac-signature", "x-partner-signature"] {
            for signature in [vector.signature, vector.rawSignature] {
                #expect(throws: Never.self) {
                    try scheme.verify(headers: [header: signature], body: body, secrets: ["old", vector.secret], now: now)
                }
            }
        }
    }

    @Test("spaces and tabs around the signature and upper-case hex are accepted; anything else around it is not", arguments: SeedVector.all)
    func headerWhitespace(vector: SeedVector) throws {
        let body = Array(vector.body.utf8)
        for padded in [" \(vector.signature)", "\t\(vector.signature.uppercased()) \t", "\(vector.signature)  "] {
            #expect(throws: Never.self) { try scheme.verify(headers: ["x-hmac-signature": padded], body: body, secrets: [vector.secret], now: now) }
        }
        for wrapped in ["\"\(vector.signature)\"", "\(vector.signature)\n", "\u{A0}\(vector.signature)", " \(vector.signature) x"] {
            #expect(throws: SignatureError.self) {
                try scheme.verify(headers: ["x-hmac-signature": wrapped], body: body, secrets: [vector.secret], now: now)
            }
        }
    }

    @Test("a one-byte change to body or signature is refused", arguments: SeedVector.all)
    func refusesTampering(vector: SeedVector) throws {
        var body = Array(vector.body.utf8)
        // Change a digit or letter inside the body, keeping it valid JSON.
        let position = try #require(body.lastIndex { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "1")...UInt8(ascii: "8")).contains($0) })
        body[position] += 1
        #expect(throws: SignatureError.self) {
            try scheme.verify(headers: ["x-hmac-signature": vector.signature], body: body, secrets: [vector.secret], now: now)
        }
        var signature = Array(vector.signature.utf8)
        signature[0] = signature[0] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        #expect(throws: SignatureError.self) {
            try scheme.verify(
                headers: ["x-hmac-signature": String(decoding: signature, as: UTF8.self)], body: Array(vector.body.utf8),
                secrets: [vector.secret], now: now)
        }
        #expect(throws: SignatureError.self) {
            try scheme.verify(headers: ["x-hmac-signature": vector.signature], body: Array(vector.body.utf8), secrets: ["wrong"], now: now)
        }
    }

    @Test("missing signature headers are refused")
    func missingHeader() {
        #expect(throws: SignatureError.self) { try scheme.verify(headers: [:], body: Array("{}".utf8), secrets: ["s"], now: now) }
    }

    @Test("a payload timestamp outside the tolerance is refused; inside it is accepted")
    func freshness() throws {
        let strict = SeedSignatureScheme(tolerance: 300)
        let sent = try #require(ISOTimestamp.parse("2026-02-15T19:00:00.123456Z"))
        let body = Array(#"{"event_type":"x","timestamp":"2026-02-15T19:00:00.123456Z"}"#.utf8)
        let headers = Dictionary(
            uniqueKeysWithValues: try strict.sign(SignedMessage(id: "e", timestamp: sent, body: body), secrets: ["s"]).map {
                ($0.name.lowercased(), $0.value)
            })
        #expect(try strict.verify(headers: headers, body: body, secrets: ["s"], now: sent.addingTimeInterval(299)).timestamp == sent)
        #expect(throws: SignatureError.self) { try strict.verify(headers: headers, body: body, secrets: ["s"], now: sent.addingTimeInterval(301)) }
        #expect(throws: SignatureError.self) { try strict.verify(headers: headers, body: body, secrets: ["s"], now: sent.addingTimeInterval(-301)) }
    }

    @Test("ISO timestamps as Python writes them")
    func timestamps() throws {
        let base = try #require(ISOTimestamp.parse("2026-02-15T19:00:00Z"))
        #expect(base.timeIntervalSince1970 == 1_771_182_000)
        #expect(ISOTimestamp.parse("2026-02-15T19:00:00.5Z")?.timeIntervalSince1970 == 1_771_182_000.5)
        #expect(ISOTimestamp.parse("2026-02-15T19:00:00.123456") != nil)
        #expect(ISOTimestamp.parse("2026-02-15T19:00:00+00:00") == base)
        for bad in ["", "2026-02-15", "2026-02-30T19:00:00Z", "2026-02-15T25:00:00Z", "2026-02-15T19:00:00+05:00", "yesterday"] {
            #expect(ISOTimestamp.parse(bad) == nil, "\(bad)")
        }
        #expect(ISOTimestamp.format(base.addingTimeInterval(0.123456)) == "2026-02-15T19:00:00.123456Z")
    }

    @Test("generated secrets are 64 hex characters and differ")
    func secrets() {
        let one = scheme.generateSecret()
        #expect(one.count == 64)
        #expect(one.allSatisfy { $0.isHexDigit })
        #expect(one != scheme.generateSecret())
    }
}

@Suite("ISO timestamps")
struct ISOTimestampTests {
    @Test("formatting and parsing agree with Foundation's calendar over four centuries")
    func agreesWithFoundation() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var seconds: TimeInterval = -2_208_988_800  // 1900-01-01
        while seconds < 13_000_000_000 {  // ~2381
            let date = Date(timeIntervalSince1970: seconds)
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            let text = ISOTimestamp.format(date)
            let expected = String(format: "%04d-%02d-%02dT%02d:%02d:%02d.000000Z", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!, parts.second!)
            #expect(text == expected)
            #expect(ISOTimestamp.parse(text) == date)
            seconds += 86_400 * 7 + 3_661
        }
        #expect(ISOTimestamp.parse("2024-02-29T00:00:00Z") != nil)
        #expect(ISOTimestamp.parse("2023-02-29T00:00:00Z") == nil)
        #expect(ISOTimestamp.parse("2100-02-29T00:00:00Z") == nil)
        #expect(ISOTimestamp.parse("2000-02-29T00:00:00Z") != nil)
    }
}
