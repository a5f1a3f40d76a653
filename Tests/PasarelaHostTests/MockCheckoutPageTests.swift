import Foundation
import Hummingbird
import HummingbirdTesting
@testable import PasarelaHost
import PasarelaKit
import PasarelaTesting
import Testing

/// The mock's hosted checkout page at `/checkout/{instance}/{token}`: what it shows, what each
/// choice does to the payment, and what a used, unknown or expired token gets.
@Suite("Mock hosted checkout page")
struct MockCheckoutPageTests {
    /// An HTML page or redirect, as a browser gets it.
    struct Page {
        var status: HTTPResponse.Status
        var text: String
        var headers: HTTPFields
    }

    static func get(_ client: some TestClientProtocol, _ path: String) async throws -> Page {
        let response = try await client.execute(uri: path, method: .get, headers: [:], body: nil)
        return Page(status: response.status, text: String(buffer: response.body), headers: response.headers)
    }

    static func choose(_ client: some TestClientProtocol, _ path: String, _ choice: String) async throws -> Page {
        let response = try await client.execute(
            uri: path, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "choice=\(choice)"))
        return Page(status: response.status, text: String(buffer: response.body), headers: response.headers)
    }

    /// Creates a checkout and returns the payment id and the page's path.
    static func open(_ client: some TestClientProtocol, body: String = CheckoutAPITests.body()) async throws -> (id: String, path: String) {
        let created = try await client.send(.post, "/payments", body)
        let id = try #require(created.json["id"]?.stringValue)
        let url = try #require(created.json["next_action"]?["url"]?.stringValue)
        return (id, try #require(URLComponents(string: url)?.path))
    }

    @Test("the page shows the amount in the currency's format, the description and items escaped, and three buttons")
    func showsCheckout() async throws {
        let host = try await TestHost.make()
        try await host.application.test(.router) { client in
            let items = #""checkout":{"success_url":"https://a.example/t","cancel_url":"https://a.example/c","line_items":[{"name":"<b>Menú</b>","quantity":2,"unit_amount":"617.25"}]}"#
            let (_, path) = try await Self.open(client, body: CheckoutAPITests.body(amount: "1234.50", items))
            let page = try await Self.get(client, path)
            #expect(page.status == .ok)
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(page.headers[.cacheControl] == "no-store")
            #expect(page.text.contains("USD 1,234.50"))
            #expect(page.text.contains("Cena para 2"))
            #expect(page.text.contains("&lt;b&gt;Menú&lt;/b&gt;"))
            #expect(!page.text.contains("<b>Menú"))
            for id in ["pay", "decline", "cancel"] { #expect(page.text.contains(#"id="\#(id)""#)) }
        }
    }

    @Test(
        "each choice moves the payment and sends the customer back with payment_id",
        arguments: [
            ("pay", "succeeded", "https://shop.example/thanks?order=42&payment_id="),
            ("decline", "failed", "https://shop.example/cart?payment_id="),
            ("cancel", "canceled", "https://shop.example/cart?payment_id="),
        ])
    func choiceMovesPayment(choice: String, status: String, location: String) async throws {
        let host = try await TestHost.make()
        try await host.application.test(.router) { client in
            let (id, path) = try await Self.open(client)
            let answer = try await Self.choose(client, path, choice)
            #expect(answer.status == .seeOther)
            #expect(answer.headers[.location] == location + id)
            let payment = try await client.send(.get, "/payments/\(id)").json
            #expect(payment["status"]?.stringValue == status)
            #expect(payment["next_action"] == .null)
            let events = try #require(try await client.send(.get, "/payments/\(id)/events").json["data"]?.arrayValue)
            #expect(events.map { $0["type"]?.stringValue } == ["payment.requires_action", "payment.\(status)"])
            #expect(events.last?["source"]?.stringValue == "webhook")
            // Single use: the page and a second choice now say so, and change nothing.
            #expect(try await Self.get(client, path).status == .gone)
            let again = try await Self.choose(client, path, choice == "pay" ? "cancel" : "pay")
            #expect(again.status == .gone)
            #expect(again.text.contains("already used"))
            #expect(try await client.send(.get, "/payments/\(id)").json["status"]?.stringValue == status)
        }
    }

    @Test("unknown, malformed and expired tokens get a clear page, never a 500; a payment canceled by API closes its page")
    func closedPages() async throws {
        let clock = FakeClock(now: Date())
        let host = try await TestHost.make(clock: clock)
        try await host.application.test(.router) { client in
            let (id, path) = try await Self.open(client)
            let unknown = try await Self.get(client, "/checkout/mock/" + String(repeating: "A", count: 43))
            #expect(unknown.status == .notFound)
            #expect(unknown.text.contains("not valid"))
            #expect(try await Self.get(client, "/checkout/mock/x").status == .notFound)
            #expect(try await Self.get(client, "/checkout/nowhere/x").status == .notFound)
            #expect(try await Self.choose(client, path, "steal").status == .unprocessableContent)

            _ = try await client.send(.post, "/payments/\(id)/cancel")
            #expect(try await Self.get(client, path).status == .gone)

            let (other, otherPath) = try await Self.open(client)
            clock.advance(by: 1801)
            let expired = try await Self.choose(client, otherPath, "pay")
            #expect(expired.status == .gone)
            #expect(expired.text.contains("expired"))
            #expect(try await client.send(.get, "/payments/\(other)").json["status"]?.stringValue == "requires_action")
            let read = try await client.send(.get, "/payments/\(other)?refresh=true").json
            #expect(read["status"]?.stringValue == "canceled")
        }
    }

    @Test("the sweep cancels an expired checkout nobody visited, so packs and partners see payment.canceled")
    func sweepCancelsExpired() async throws {
        let clock = FakeClock(now: Date())
        let yaml = TestHost.defaultYAML.replacingOccurrences(of: "  default: mock\n", with: "  default: mock\n  checkout_sweep_seconds: 1\n")
        let host = try await TestHost.make(yaml: yaml, clock: clock)
        try await host.application.test(.router) { client in
            let short = #""checkout":{"success_url":"https://a.example/t","cancel_url":"https://a.example/c","expires_in_seconds":60}"#
            let (id, _) = try await Self.open(client, body: CheckoutAPITests.body(short))
            let (later, _) = try await Self.open(client)
            clock.advance(by: 61)
            #expect(
                try await eventually(timeout: .seconds(10)) {
                    try await client.send(.get, "/payments/\(id)").json["status"]?.stringValue == "canceled"
                })
            let events = try #require(try await client.send(.get, "/payments/\(id)/events").json["data"]?.arrayValue)
            #expect(events.last?["type"]?.stringValue == "payment.canceled")
            #expect(events.last?["source"]?.stringValue == "poll")
            #expect(try await client.send(.get, "/payments/\(later)").json["status"]?.stringValue == "requires_action")
        }
    }
}
