import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PasarelaHost
import PasarelaKit
import Testing

/// What the seed scheme does against replays: it signs the body only, so freshness, dedupe by
/// `event_id` and refusing this host's own events are all that stand between a captured body and
/// a second delivery.
@Suite("Seed scheme replays")
struct SeedReplayTests {
    let webhooks = PartnerWebhookTests()

    /// A seed envelope from `findyourwork` with the given members besides `event_type`, `source` and `data`.
    func body(_ members: String, note: String = "DJ") -> String {
        #"{"event_type": "service.booked_for_event", "source": "findyourwork", \#(members)"data": {"service_name": "\#(note)"}}"#
    }

    func post(_ client: some TestClientProtocol, _ body: String) async throws -> (status: HTTPResponse.Status, json: JSONValue) {
        let answer = try await client.send(.post, "/webhooks/partner/findyourwork", body, headers: try webhooks.seedHeaders(body))
        return (answer.status, answer.json)
    }

    @Test("a signed seed body whose timestamp is missing, null or a number is refused with 401 and not stored", arguments: WebhookPath.allCases)
    func freshnessNeedsATimestamp(path: WebhookPath) async throws {
        let host = try await TestHost.make(yaml: PartnerWebhookTests.yaml)
        try await host.application.test(path.setup) { client in
            let now = Int(Date().timeIntervalSince1970)
            for members in [#""event_id": "e1", "#, #""timestamp": null, "event_id": "e2", "#, #""timestamp": \#(now), "event_id": "e3", "#] {
                let answer = try await post(client, body(members))
                #expect(answer.status == .unauthorized, "\(members)")
                #expect(answer.json.errorCode == "invalid_signature")
            }
            #expect(try await host.storage.inboxEvents(InboxQuery()).isEmpty)
        }
    }

    @Test("a re-stamped retry is a duplicate of the first by its event_id, a string or a number; an empty id dedupes nothing", arguments: WebhookPath.allCases)
    func restampedRetries(path: WebhookPath) async throws {
        let host = try await TestHost.make(yaml: PartnerWebhookTests.yaml)
        try await host.application.test(path.setup) { client in
            for eventID in [#""evt_9""#, "12345"] {
                let first = try await post(client, body(#""timestamp": "\#(ISOTimestamp.format(Date()))", "event_id": \#(eventID), "#))
                let later = ISOTimestamp.format(Date().addingTimeInterval(30))
                let retry = try await post(client, body(#""timestamp": "\#(later)", "event_id": \#(eventID), "#))
                #expect(first.json["status"]?.stringValue == "processed", "\(eventID)")
                #expect(retry.json["status"]?.stringValue == "duplicate", "\(eventID)")
                #expect(retry.json["event_id"] == first.json["event_id"])
            }
            for note in ["DJ", "Fotografía"] {
                let answer = try await post(client, body(#""timestamp": "\#(ISOTimestamp.format(Date()))", "event_id": "", "#, note: note))
                #expect(answer.json["status"]?.stringValue == "processed", "\(note)")
            }
            let stored = try await host.storage.inboxEvents(InboxQuery(.init(partnerID: "findyourwork")))
            #expect(stored.count == 4)
            #expect(Set(stored.compactMap(\.partnerEventID)) == ["evt_9", "12345"])
        }
    }

    @Test("this host's own outgoing seed event, captured and sent back to it, is refused with 401", arguments: WebhookPath.allCases)
    func reflectedEvent(path: WebhookPath) async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { url in
            let host = try await TestHost.make(yaml: DeliveryTests.yaml(partners: [("findyourwork", url, "seed")]))
            try await host.application.test(path.setup) { client in
                let sent = try await client.send(.post, "/partners/findyourwork/events", #"{"event_type": "event.updated", "data": {"guests": 60}}"#)
                #expect(sent.status == .accepted)
                #expect(try await eventually { !receiver.requests.isEmpty })
                let captured = try #require(receiver.requests.first)
                #expect(try JSONValue.parse(captured.body)["source"]?.stringValue == "chuwue-grill")
                var headers: HTTPFields = [.contentType: "application/json"]
                for name in ["X-HMAC-Signature", "X-Partner-Signature"] {
                    headers[HTTPField.Name(name)!] = captured.headers[name.lowercased()]
                }
                let answer = try await client.send(
                    .post, "/webhooks/partner/findyourwork", String(decoding: captured.body, as: UTF8.self), headers: headers)
                #expect(answer.status == .unauthorized)
                #expect(answer.json.errorCode == "invalid_signature")
                #expect(try await host.storage.inboxEvents(InboxQuery()).isEmpty)
            }
        }
    }
}
