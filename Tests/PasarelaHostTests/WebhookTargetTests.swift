import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import PasarelaHost
import PasarelaKit
import Testing

/// The SSRF guard end to end: what registration and PATCH refuse, and where deliveries connect.
@Suite("Webhook targets")
struct WebhookTargetTests {
    @Test("registration and PATCH refuse (422) a name that does not resolve or resolves to an internal address, and internal IPv6 forms")
    func registrationResolves() async throws {
        let resolver = WebhookURLPolicyTests.resolver([
            "partner.example": ["203.0.113.10"], "rebound.example": ["203.0.113.10", "10.0.0.7"], "nat64.example": ["64:ff9b::a00:7"],
            "teredo.example": ["2001:0:4136:e378:8000:63bf:3fff:fdd2"],
        ])
        let host = try await TestHost.make(resolver: resolver)
        try await host.application.test(.router) { client in
            let registered = try await client.send(.post, "/partners/register", #"{"name":"ok","webhook_url":"https://partner.example/x"}"#)
            #expect(registered.status == .created)
            let refused = [
                "https://nowhere.example/x", "https://rebound.example/x", "https://nat64.example/x", "https://teredo.example/x",
                "http://[64:ff9b::a00:1]/x", "http://[2002:7f00:1::1]/x", "http://[fec0::1]/x", "http://[::127.0.0.1]/x",
                "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/x", "http://[fc00::1]/x", "http://[ff02::1]/x", "http://100.100.0.1/x",
            ]
            for url in refused {
                let answer = try await client.send(.post, "/partners/register", #"{"name":"x","webhook_url":"\#(url)"}"#)
                #expect(answer.status == .unprocessableContent, "\(url)")
                #expect(answer.json.errorMessage?.contains("webhook_url") == true, "\(url)")
                let patched = try await client.send(.patch, "/partners/ok", #"{"webhook_url":"\#(url)"}"#)
                #expect(patched.status == .unprocessableContent, "\(url)")
            }
            #expect(try await client.send(.get, "/partners/ok").json["webhook_url"]?.stringValue == "https://partner.example/x")
        }
    }

    @Test("a delivery resolves the name once, connects to that address and sends the name as Host")
    func deliveryConnectsToCheckedAddress() async throws {
        let lookups = WebhookURLPolicyTests.Lookups()
        let receiver = WebhookReceiver()
        try await receiver.run { url in
            let port = try #require(URL(string: url)?.port)
            let named = "http://partner.test:\(port)/hook"
            let resolver = WebhookURLPolicyTests.resolver(["partner.test": ["127.0.0.1"]], lookups: lookups)
            let host = try await TestHost.make(yaml: DeliveryTests.yaml(partners: [("acme", named, "standard")]), resolver: resolver)
            try await host.application.test(.router) { client in
                let id = try await DeliveryTests().send(client, to: "acme")
                #expect(try await eventually { try await DeliveryTests().delivery(client, id)["status"]?.stringValue == "delivered" })
            }
            #expect(receiver.requests.first?.headers["host"] == "partner.test:\(port)")
        }
        #expect(receiver.requests.count == 1)
        #expect(lookups.count.load(ordering: .relaxed) == 1)
    }

    @Test("a name that resolves to an internal address is refused at delivery, without connecting")
    func deliveryRefusesInternalAddress() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { url in
            let port = try #require(URL(string: url)?.port)
            let yaml = DeliveryTests.yaml(partners: [("acme", "http://sneaky.test:\(port)/hook", "standard")], schedule: "[0]")
                .replacingOccurrences(of: "allow_private_networks: true, ", with: "")
            let resolver = WebhookURLPolicyTests.resolver(["sneaky.test": ["127.0.0.1"]])
            let host = try await TestHost.make(yaml: yaml, resolver: resolver)
            try await host.application.test(.router) { client in
                let id = try await DeliveryTests().send(client, to: "acme")
                #expect(try await eventually { try await DeliveryTests().delivery(client, id)["status"]?.stringValue == "dead" })
                let attempt = try await DeliveryTests().delivery(client, id)["attempts"]?.arrayValue?.first
                #expect(attempt?["error"]?.stringValue?.contains("internal address") == true)
            }
        }
        #expect(receiver.requests.isEmpty)
    }
}
