import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import PasarelaHost
import PasarelaKit
import Testing

/// `GET /payments`, `/events` and `/deliveries` page alike: `limit` from 1 to 100, `next_cursor`
/// the last id of a full page, `cursor` to go on from it.
@Suite("List paging")
struct ListPagingTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let yaml = TestHost.defaultYAML + """

        partners:
          - {id: acme, webhook_url: "https://acme.example/hooks", secret: "\(secret)"}
        """

    /// Three payments, three inbound events from `acme` and three deliveries to it.
    func makeThreeOfEach(_ client: some TestClientProtocol) async throws {
        for number in 1...3 {
            #expect(try await client.send(.post, "/payments", #"{"amount":"1.00","currency":"USD"}"#).status == .created)
            let event = #"{"event_type":"order.created","data":{"n":\#(number)}}"#
            #expect(try await client.send(.post, "/partners/acme/events", event).status == .accepted)
            var headers: HTTPFields = [.contentType: "application/json"]
            let message = SignedMessage(id: "msg_\(number)", timestamp: Date(), body: Array(event.utf8))
            for header in try StandardWebhooksScheme().sign(message, secrets: [Self.secret]) { headers[HTTPField.Name(header.name)!] = header.value }
            #expect(try await client.send(.post, "/webhooks/partner/acme", event, headers: headers).status == .ok)
        }
    }

    @Test("a full page names the next one; the last page has none; together they hold each item once", arguments: [
        "/payments?", "/events?source=acme&", "/deliveries?partner_id=acme&",
    ])
    func pages(path: String) async throws {
        let host = try await TestHost.make(yaml: Self.yaml)
        try await host.application.test(.router) { client in
            try await makeThreeOfEach(client)
            let first = try await client.send(.get, path + "limit=2").json
            let firstIDs = try #require(first["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue })
            #expect(firstIDs.count == 2)
            let cursor = try #require(first["next_cursor"]?.stringValue)
            #expect(cursor == firstIDs.last)

            let second = try await client.send(.get, path + "limit=2&cursor=\(cursor)").json
            let secondIDs = try #require(second["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue })
            #expect(secondIDs.count == 1)
            #expect(second["next_cursor"] == .null)
            #expect(Set(firstIDs + secondIDs).count == 3)
            #expect(try await client.send(.get, path).json["data"]?.arrayValue?.count == 3)
        }
    }

    @Test("a limit that is not an integer from 1 to 100 is a 422", arguments: ["0", "101", "-1", "ten", ""])
    func badLimits(limit: String) async throws {
        let host = try await TestHost.make(yaml: Self.yaml)
        try await host.application.test(.router) { client in
            for path in ["/payments", "/events", "/deliveries"] {
                let answer = try await client.send(.get, "\(path)?limit=\(limit)")
                #expect(answer.status == .unprocessableContent, "\(path)")
                #expect(answer.json["error"]?["message"]?.stringValue == "limit: must be an integer from 1 to 100")
            }
        }
    }
}
