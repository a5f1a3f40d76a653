import Foundation
import PasarelaKit
import Testing

@Suite("Partner envelope")
struct PartnerEnvelopeTests {
    @Test("the seed's envelope round-trips; missing fields are optional; unknown types are values")
    func roundTrip() throws {
        let text = #"{"event_type":"service.booked_for_event","timestamp":"2026-02-15T19:00:00.123456Z","source":"findyourwork","version":"1.0","event_id":"evt_1","data":{"price":250.0}}"#
        let envelope = try #require(PartnerEnvelope(json: try JSONValue.parse(text)))
        #expect(envelope.eventType == "service.booked_for_event")
        #expect(envelope.source == "findyourwork")
        #expect(envelope.eventID == "evt_1")
        #expect(envelope.timestamp == ISOTimestamp.parse("2026-02-15T19:00:00.123456Z"))
        #expect(envelope.data["price"]?.numberText == "250.0")
        #expect(envelope.json == (try JSONValue.parse(text)))
        let seedStyle = try #require(PartnerEnvelope(json: try JSONValue.parse(#"{"event_type":"teleported","source":"x","data":{}}"#)))
        #expect(seedStyle.eventType.rawValue == "teleported")
        #expect(seedStyle.eventID == nil)
        #expect(seedStyle.version == "1.0")
        #expect(PartnerEnvelope(json: .array([])) == nil)
        #expect(PartnerEnvelope(json: try JSONValue.parse(#"{"type":"invoice.paid"}"#))?.eventType == "invoice.paid")
    }
}
