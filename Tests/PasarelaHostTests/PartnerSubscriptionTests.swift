import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import PasarelaHost
import PasarelaKit
import PasarelaTesting
import Testing

/// Partner delivery controls: event-type subscriptions (admin sends and pack emissions) and the
/// partner's own delivery headers, through the API, the config file and real deliveries.
@Suite("Partner subscriptions and delivery headers")
struct PartnerSubscriptionTests {
    /// Registers a partner at `url` with `extra` registration fields; returns its id.
    func register(_ client: some TestClientProtocol, url: String, extra: String) async throws -> String {
        let answer = try await client.send(.post, "/partners/register", #"{"name":"n8n","webhook_url":"\#(url)",\#(extra)}"#)
        #expect(answer.status == .created, "\(answer.json)")
        return try #require(answer.json["partner_id"]?.stringValue)
    }

    @Test("event patterns: exact, prefix.* and *; an admin send of a type the partner does not take is 422 event_not_subscribed")
    func adminSends() async throws {
        let host = try await TestHost.make(yaml: PartnerWebhookTests.yaml)
        try await host.application.test(.router) { client in
            let id = try await register(client, url: "https://n8n.example/hook", extra: #""events":["payment.*","booking.confirmed"]"#)
            #expect(try await client.send(.get, "/partners/\(id)").json["events"] == .array([.string("payment.*"), .string("booking.confirmed")]))
            for type in ["payment.succeeded", "payment.refund.created", "booking.confirmed"] {
                let sent = try await client.send(.post, "/partners/\(id)/events", #"{"event_type":"\#(type)","data":{}}"#)
                #expect(sent.status == .accepted, "\(type)")
            }
            for type in ["booking.canceled", "payments.succeeded", "payment"] {
                let refused = try await client.send(.post, "/partners/\(id)/events", #"{"event_type":"\#(type)","data":{}}"#)
                #expect(refused.status == .unprocessableContent, "\(type)")
                #expect(refused.json.errorCode == "event_not_subscribed")
            }
            #expect(try await client.send(.get, "/deliveries?partner_id=\(id)").json["data"]?.arrayValue?.count == 3)
            let everything = try await client.send(.patch, "/partners/\(id)", #"{"events":["*"]}"#)
            #expect(everything.status == .ok)
            #expect(try await client.send(.post, "/partners/\(id)/events", #"{"event_type":"booking.canceled"}"#).status == .accepted)
        }
    }

    @Test(
        "bad patterns and bad or reserved headers are a 422 naming them, and nothing is stored",
        arguments: [
            (#""events":["pay*ment"]"#, "events:"), (#""events":["payment..x"]"#, "events:"), (#""events":[""]"#, "events:"),
            (#""events":["*.succeeded"]"#, "events:"), (#""headers":{"Host":"evil.example"}"#, "headers.Host:"),
            (#""headers":{"content-type":"text/plain"}"#, "headers.content-type:"), (#""headers":{"webhook-id":"x"}"#, "headers.webhook-id:"),
            (#""headers":{"X-Partner-ID":"x"}"#, "headers.X-Partner-ID:"), (#""headers":{"X-HMAC-Signature":"x"}"#, "headers.X-HMAC-Signature:"),
            (#""headers":{"X-Auth":"a\r\nInjected: yes"}"#, "headers.X-Auth:"), (#""headers":{"Bad Name":"x"}"#, "headers.Bad Name:"),
            (#""headers":{"X-Auth":7}"#, "headers.X-Auth:"), (#""headers":["X-Auth"]"#, "headers:"),
        ])
    func refusals(fields: String, named: String) async throws {
        let host = try await TestHost.make(yaml: PartnerWebhookTests.yaml)
        try await host.application.test(.router) { client in
            let answer = try await client.send(.post, "/partners/register", #"{"name":"n8n","webhook_url":"https://n8n.example/h",\#(fields)}"#)
            #expect(answer.status == .unprocessableContent)
            #expect(answer.json.errorMessage?.hasPrefix(named) == true, "\(answer.json)")
            #expect(try await client.send(.get, "/partners/n8n").status == .notFound)
        }
    }

    @Test("custom headers go with every delivery, beside the signature; GET shows their names only; PATCH replaces them")
    func deliveryHeaders() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { url in
            let host = try await TestHost.make(yaml: PartnerWebhookTests.yaml)
            try await host.application.test(.router) { client in
                let id = try await register(
                    client, url: url, extra: #""headers":{"X-N8N-Auth":"n8n-token-6f1c","User-Agent":"n8n-client"}"#)
                let shown = try await client.send(.get, "/partners/\(id)").json["headers"]
                #expect(shown == .object(["X-N8N-Auth": .string("[redacted]"), "User-Agent": .string("[redacted]")]))
                _ = try await client.send(.post, "/partners/\(id)/events", #"{"event_type":"order.created","data":{"n":1}}"#)
                #expect(try await eventually { receiver.requests.count == 1 })
                let first = try #require(receiver.requests.first?.headers)
                #expect(first["x-n8n-auth"] == "n8n-token-6f1c")
                #expect(first["user-agent"] == "n8n-client", "a custom header replaces the host's own of the same name")
                #expect(first["webhook-signature"]?.hasPrefix("v1,") == true, "still signed")
                #expect(first["x-partner-id"] == "chuwue-grill")

                #expect(try await client.send(.patch, "/partners/\(id)", #"{"headers":{}}"#).status == .ok)
                _ = try await client.send(.post, "/partners/\(id)/events", #"{"event_type":"order.created","data":{"n":2}}"#)
                #expect(try await eventually { receiver.requests.count == 2 })
                #expect(receiver.requests.last?.headers["x-n8n-auth"] == nil)
                #expect(receiver.requests.last?.headers["user-agent"] == "pasarela")
            }
        }
    }

    @Test("with secrets.key, header values are sealed at rest and read back; the config file takes events and headers")
    func sealedAndConfigured() async throws {
        let yaml = PartnerWebhookTests.yaml.replacingOccurrences(
            of: #"secret: "\#(PartnerWebhookTests.standardSecret)"}"#,
            with: #"secret: "\#(PartnerWebhookTests.standardSecret)", events: ["payment.*"], headers: {X-Api-Key: "acme-key-93b2"}, event_bus: true}"#)
            + "\nsecrets: {key: \"a passphrase long enough to derive a key\"}"
        let host = try await TestHost.make(yaml: yaml)
        try await host.application.test(.router) { client in
            let acme = try await client.send(.get, "/partners/acme").json
            #expect(acme["events"] == .array([.string("payment.*")]))
            #expect(acme["headers"] == .object(["X-Api-Key": .string("[redacted]")]))
            #expect(acme["event_bus"] == .bool(true))
            let stored = try #require(try await host.storage.partner(id: "acme"))
            #expect(stored.headers["X-Api-Key"].map(SecretCipher.isCurrent) == true, "sealed in storage")
            #expect(!(stored.headers["X-Api-Key"] ?? "").contains("acme-key-93b2"))
            let refused = try await client.send(.post, "/partners/acme/events", #"{"event_type":"order.created"}"#)
            #expect(refused.json.errorCode == "event_not_subscribed")
        }
        let badHeader = yaml.replacingOccurrences(of: "X-Api-Key", with: "Content-Length")
        await #expect(throws: ConfigurationError.self) { _ = try await TestHost.make(yaml: badHeader) }
        let badPattern = yaml.replacingOccurrences(of: #"["payment.*"]"#, with: #"["pay*"]"#)
        await #expect(throws: ConfigurationError.self) { _ = try await TestHost.make(yaml: badPattern) }
    }

    @Test("a pack's emission to a partner that does not take its type is skipped: no delivery, and GET /events/{id} says so")
    func packEmissionSkipped() async throws {
        let host = try await TestHost.make(yaml: PackHostTests.yaml, modules: [LedgerPack.descriptor])
        try await host.application.test(.router) { client in
            let id = try await register(client, url: "https://n8n.example/hook", extra: #""events":["payment.*"]"#)
            let body =
                #"{"event_type": "ledger.entry", "source": "findyourwork", "event_id": "e-skip", "timestamp": "\#(ISOTimestamp.format(Date()))", "#
                + #""data": {"key": "k1", "notify": "\#(id)"}}"#
            let event = try await client.send(.post, "/webhooks/partner/findyourwork", body, headers: try PartnerWebhookTests().seedHeaders(body))
            let eventID = try #require(event.json["event_id"]?.stringValue)
            #expect(try await eventually { try await client.send(.get, "/events/\(eventID)").json["status"]?.stringValue == "processed" })
            let run = try #require(try await client.send(.get, "/events/\(eventID)").json["handlers"]?.arrayValue?.first)
            #expect(run["status"]?.stringValue == "skipped")
            #expect(
                run["skipped"]
                    == .array([.object(["partner_id": .string(id), "event_type": .string("ledger.recorded"), "reason": .string("not_subscribed")])]))
            #expect(try await client.send(.get, "/ledger/entries/k1").status == .ok, "the pack's own work is kept")
            #expect(try await client.send(.get, "/deliveries?partner_id=\(id)").json["data"]?.arrayValue?.isEmpty == true)
            let metrics = String(decoding: try await client.execute(uri: "/metrics", method: .get).body.readableBytesView, as: UTF8.self)
            #expect(metrics.contains(#"pasarela_deliveries_skipped_total{partner="\#(id)",reason="not_subscribed"} 1"#))
        }
    }
}
