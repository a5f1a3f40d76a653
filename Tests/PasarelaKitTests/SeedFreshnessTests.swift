import Foundation
import PasarelaKit
import Testing

@Suite("Seed scheme freshness and ids")
struct SeedFreshnessTests {
    let scheme = SeedSignatureScheme(tolerance: 300)
    let now = Date()

    func verify(_ body: String) throws(SignatureError) -> VerifiedMessage {
        let bytes = Array(body.utf8)
        let headers = try scheme.sign(SignedMessage(id: "", timestamp: now, body: bytes), secrets: ["s"])
        return try scheme.verify(headers: Dictionary(uniqueKeysWithValues: headers.map { ($0.name.lowercased(), $0.value) }), body: bytes, secrets: ["s"], now: now)
    }

    @Test("with a finite tolerance, a payload without a timestamp, or with one that is not a string, is refused", arguments: [
        #"{"event_type":"x"}"#, #"{"event_type":"x","timestamp":null}"#, #"{"event_type":"x","timestamp":1771182000}"#,
        #"{"event_type":"x","timestamp":["2026-02-15T19:00:00Z"]}"#,
    ])
    func needsTimestamp(body: String) {
        #expect(throws: SignatureError.self) { try verify(body) }
    }

    @Test("the message id is the event_id, a string or a number's text; an empty one is none")
    func messageIDs() throws {
        let stamp = ISOTimestamp.format(now)
        #expect(try verify(#"{"event_id":"evt_1","timestamp":"\#(stamp)"}"#).messageID == "evt_1")
        #expect(try verify(#"{"event_id":12345,"timestamp":"\#(stamp)"}"#).messageID == "12345")
        #expect(try verify(#"{"event_id":"","timestamp":"\#(stamp)"}"#).messageID == nil)
        #expect(try verify(#"{"timestamp":"\#(stamp)"}"#).messageID == nil)
    }
}
