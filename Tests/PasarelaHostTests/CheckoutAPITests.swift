import Foundation
import Hummingbird
import HummingbirdTesting
@testable import PasarelaHost
import PasarelaKit
import PasarelaTesting
import Testing

/// `POST /payments` with `checkout`: validation, the answer's `next_action`, idempotency, and
/// `GET /payments/{id}/events`.
@Suite("Hosted checkout API")
struct CheckoutAPITests {
    static let checkout = #""checkout":{"success_url":"https://shop.example/thanks?order=42","cancel_url":"https://shop.example/cart"}"#

    /// A checkout request body for `amount` USD with `checkout` members.
    static func body(amount: String = "12.50", _ checkout: String = Self.checkout, extra: String = "") -> String {
        #"{"amount":"\#(amount)","currency":"USD","description":"Cena para 2"\#(extra),\#(checkout)}"#
    }

    @Test("a checkout is answered 201 requires_action with a redirect next_action under server.public_url, shown on every read")
    func createsCheckout() async throws {
        let clock = FakeClock(now: Date(timeIntervalSince1970: 1_767_225_600))
        let yaml = TestHost.defaultYAML + "\nserver: {public_url: \"https://pay.example.com/\"}"
        let host = try await TestHost.make(yaml: yaml, clock: clock)
        try await host.application.test(.router) { client in
            let created = try await client.send(.post, "/payments", Self.body())
            #expect(created.status == .created)
            #expect(created.json["status"]?.stringValue == "requires_action")
            let action = try #require(created.json["next_action"])
            #expect(action["type"]?.stringValue == "redirect_to_url")
            #expect(action["url"]?.stringValue?.hasPrefix("https://pay.example.com/checkout/mock/") == true)
            #expect(action["expires_at"]?.stringValue == ISOTimestamp.format(clock.now().addingTimeInterval(1800)))
            let id = try #require(created.json["id"]?.stringValue)
            let read = try await client.send(.get, "/payments/\(id)")
            #expect(read.json["next_action"] == action)
            let listed = try await client.send(.get, "/payments")
            #expect(listed.json["data"]?.arrayValue?.first?["next_action"] == action)
            let plain = try await client.send(.post, "/payments", #"{"amount":"1.00","currency":"USD"}"#)
            #expect(plain.json["next_action"] == .null)
        }
    }

    @Test(
        "bad checkout input is a 422 naming the field, and nothing is stored",
        arguments: [
            (#""checkout":{"success_url":"javascript:alert(1)","cancel_url":"https://shop.example/c"}"#, "checkout.success_url"),
            (#""checkout":{"success_url":"/thanks","cancel_url":"https://shop.example/c"}"#, "checkout.success_url"),
            (#""checkout":{"success_url":"ftp://shop.example/t","cancel_url":"https://shop.example/c"}"#, "checkout.success_url"),
            (#""checkout":{"cancel_url":"https://shop.example/c"}"#, "checkout.success_url"),
            (#""checkout":{"success_url":"https://shop.example/t"}"#, "checkout.cancel_url"),
            (#""checkout":{"success_url":"https://u:p@shop.example/t","cancel_url":"https://shop.example/c"}"#, "checkout.success_url"),
            (#""checkout":{"success_url":"https://a.example/t","cancel_url":"https://a.example/c","expires_in_seconds":59}"#, "checkout.expires_in_seconds"),
            (#""checkout":{"success_url":"https://a.example/t","cancel_url":"https://a.example/c","expires_in_seconds":86401}"#, "checkout.expires_in_seconds"),
            (#""checkout":{"success_url":"https://a.example/t","cancel_url":"https://a.example/c","expires_in_seconds":"soon"}"#, "checkout.expires_in_seconds"),
            (#""checkout":{"success_url":"https://a.example/t","cancel_url":"https://a.example/c","colour":"red"}"#, "checkout.colour"),
            (#""checkout":"yes""#, "checkout"),
            (#""checkout":{"success_url":"https://a.example/t","cancel_url":"https://a.example/c"},"payment_method":{"type":"card"}"#, "checkout:"),
            (
                #""checkout":{"success_url":"https://a.example/t","cancel_url":"https://a.example/c","line_items":[{"name":"Menu","quantity":2,"unit_amount":"6.00"}]}"#,
                "checkout.line_items"
            ),
            (
                #""checkout":{"success_url":"https://a.example/t","cancel_url":"https://a.example/c","line_items":[{"name":"Menu","quantity":0,"unit_amount":"12.50"}]}"#,
                "checkout.line_items[0].quantity"
            ),
            (
                #""checkout":{"success_url":"https://a.example/t","cancel_url":"https://a.example/c","line_items":[{"name":"Menu","quantity":1,"unit_amount":"12.505"}]}"#,
                "checkout.line_items[0].unit_amount"
            ),
            (#""checkout":{"success_url":"https://a.example/t","cancel_url":"https://a.example/c","line_items":[]}"#, "checkout.line_items"),
            // Four items whose total is 2^64 + 12.50 USD: wrapped around, it would equal the amount.
            (
                #""checkout":{"success_url":"https://a.example/t","cancel_url":"https://a.example/c","line_items":["#
                    + #"{"name":"A","quantity":1,"unit_amount":"46116860184273879.04"},{"name":"B","quantity":1,"unit_amount":"46116860184273879.04"},"#
                    + #"{"name":"C","quantity":1,"unit_amount":"46116860184273879.04"},{"name":"D","quantity":1,"unit_amount":"46116860184273891.54"}]}"#,
                "checkout.line_items: add up to more than"
            ),
        ])
    func refusesBadInput(checkout: String, field: String) async throws {
        let host = try await TestHost.make()
        try await host.application.test(.router) { client in
            let answer = try await client.send(.post, "/payments", Self.body(checkout))
            #expect(answer.status == .unprocessableContent, "\(answer.json)")
            #expect(answer.json.errorCode == "invalid_request")
            #expect(answer.json.errorMessage?.hasPrefix(field) == true, "\(answer.json.errorMessage ?? "")")
            #expect(try await client.send(.get, "/payments").json["data"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test("line items that add up to the amount are taken; a module without hosted checkout answers unsupported_capability")
    func lineItemsAndCapability() async throws {
        let host = try await TestHost.make()
        try await host.application.test(.router) { client in
            let items = #""checkout":{"success_url":"https://a.example/t","cancel_url":"https://a.example/c","line_items":[{"name":"Menu","quantity":2,"unit_amount":"5.00"},{"name":"Vino","quantity":1,"unit_amount":2.5}]}"#
            #expect(try await client.send(.post, "/payments", Self.body(items)).status == .created)
            let refused = try await client.send(.post, "/payments", Self.body(extra: #","provider":"scripted""#))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.json.errorCode == "unsupported_capability")
            #expect(try await client.send(.get, "/payments?provider=scripted").json["data"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test("the same Idempotency-Key gives the same payment and page; the events list tells what happened, oldest first")
    func idempotentAndHistory() async throws {
        let host = try await TestHost.make()
        try await host.application.test(.router) { client in
            var headers = TestHost.authorized
            headers[.init("Idempotency-Key")!] = "order-42"
            let first = try await client.send(.post, "/payments", Self.body(), headers: headers)
            let second = try await client.send(.post, "/payments", Self.body(), headers: headers)
            #expect(first.status == .created)
            #expect(second.json == first.json)
            let id = try #require(first.json["id"]?.stringValue)
            _ = try await client.send(.post, "/payments/\(id)/cancel")
            let events = try await client.send(.get, "/payments/\(id)/events")
            #expect(events.status == .ok)
            let data = try #require(events.json["data"]?.arrayValue)
            #expect(data.map { $0["type"]?.stringValue } == ["payment.requires_action", "payment.canceled"])
            #expect(data.map { $0["source"]?.stringValue } == ["api", "api"])
            #expect(data[1]["previous_status"]?.stringValue == "requires_action")
            #expect(events.json["next_cursor"] == .null)
            #expect(try await client.send(.get, "/payments/\(id)").json["next_action"] == .null)
            #expect(try await client.send(.get, "/payments/pay_unknown/events").status == .notFound)
        }
    }

    @Test("server.public_url must be an absolute http(s) URL without query")
    func publicURLIsChecked() throws {
        for bad in ["pay.example.com", "ftp://pay.example.com", "https://pay.example.com/?a=1", "https://"] {
            let error = #expect(throws: ConfigurationError.self) {
                _ = try ConfigurationLoader(environment: [:]).load(yaml: "server: {public_url: \"\(bad)\"}")
            }
            #expect(error?.key == "server.public_url", "\(bad)")
        }
        let configuration = try ConfigurationLoader(environment: [:]).load(yaml: "server: {host: 0.0.0.0, port: 9000}")
        #expect(configuration.server.publicBaseURL == "http://0.0.0.0:9000")
    }
}
