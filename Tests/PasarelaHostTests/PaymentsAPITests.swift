import Foundation
import Hummingbird
import HummingbirdTesting
import MockProvider
import PasarelaHost
import PasarelaKit
import PasarelaTesting
import Testing

@Suite("Payments API")
struct PaymentsAPITests {
    @Test("create returns 201 with exact minor units, and reads back")
    func createAndRead() async throws {
        let host = try await TestHost.make()
        try await host.application.test(.router) { client in
            let created = try await client.send(.post, "/payments", #"{"amount":"12.50","currency":"USD","description":"Cena","metadata":{"reservation_id":"RES-2026-001"},"customer":{"email":"maria@example.com","name":"María García"}}"#)
            #expect(created.status == .created)
            #expect(created.json["amount_minor"]?.int64Value == 1250)
            #expect(created.json["amount"]?.stringValue == "12.50")
            #expect(created.json["currency"]?.stringValue == "USD")
            #expect(created.json["status"]?.stringValue == "succeeded")
            #expect(created.json["provider"]?.stringValue == "mock")
            #expect(created.json["refunded_minor"]?.int64Value == 0)
            #expect(created.json["failure_code"] == .null)
            #expect(created.json["metadata"]?["reservation_id"]?.stringValue == "RES-2026-001")
            #expect(created.json["customer"]?["name"]?.stringValue == "María García")
            let id = try #require(created.json["id"]?.stringValue)
            #expect(id.hasPrefix("pay_"))
            let read = try await client.send(.get, "/payments/\(id)")
            #expect(read.status == .ok)
            #expect(read.json.withoutRefunds == created.json)
            #expect(read.json["refunds"] == .array([]))
        }
    }

    @Test(
        "amounts convert exactly per currency",
        arguments: [
            (#"{"amount":1000,"currency":"JPY"}"#, 1000), (#"{"amount":"5.125","currency":"KWD"}"#, 5125),
            (#"{"amount":19.99,"currency":"USD"}"#, 1999), (#"{"amount":12.5,"currency":"usd"}"#, 1250),
            (#"{"amount":"100.50","currency":"ARS"}"#, 10050), (#"{"amount":1e2,"currency":"USD"}"#, 10000),
            (#"{"amount":1.5e1,"currency":"JPY"}"#, 15),
        ] as [(String, Int64)])
    func exactAmounts(body: String, minor: Int64) async throws {
        let host = try await TestHost.make()
        try await host.application.test(.router) { client in
            let created = try await client.send(.post, "/payments", body)
            #expect(created.status == .created)
            #expect(created.json["amount_minor"]?.int64Value == minor)
        }
    }

    @Test(
        "bad input gets the right 4xx with a JSON error and leaves no row",
        arguments: [
            (#"{"amount":"1.005","currency":"USD"}"#, 422, "invalid_request", "precision"),
            (#"{"amount":"12.50","currency":"USD""#, 400, "malformed_json", "not valid JSON"),
            ("not json at all", 400, "malformed_json", "not valid JSON"),
            (#"{"amount":"12.50","currency":"XYZ"}"#, 422, "invalid_request", "ISO 4217"),
            (#"{"amount":"0","currency":"USD"}"#, 422, "invalid_request", "greater than zero"),
            (#"{"amount":"-5.00","currency":"USD"}"#, 422, "invalid_request", "greater than zero"),
            (#"{"amount":"12.50","currency":"USD","provider":"stripe"}"#, 422, "invalid_request", "unknown payment instance"),
            (#"{"currency":"USD"}"#, 422, "invalid_request", "amount: is required"),
            (#"{"amount":"12.50"}"#, 422, "invalid_request", "currency: is required"),
            (#"{"amount":true,"currency":"USD"}"#, 422, "invalid_request", "decimal string or a number"),
            (#"{"amount":"12.50","currency":"USD","metadata":{"n":1}}"#, 422, "invalid_request", "metadata.n"),
            (#"{"amount":"12.50","currency":"USD","amuont":1}"#, 422, "invalid_request", "amuont: unknown field"),
            (#"[1,2]"#, 422, "invalid_request", "JSON object"),
            (#"{"amount":"12.50","currency":"USD","metadata":{"mock_outcome":"explode"}}"#, 422, "invalid_request", "mock_outcome"),
            (#"{"amount":"12.50","currency":"USD","description":"a\u0000b"}"#, 422, "invalid_request", "control characters"),
            (#"{"amount":"12.50","currency":"USD","customer":"maria"}"#, 422, "invalid_request", "customer"),
            (#"{"amount":"12.50","currency":"USD","customer":{"email":"nope"}}"#, 422, "invalid_request", "customer.email"),
            (#"{"amount":"12.50","currency":"USD","payment_method":"pm_1"}"#, 422, "invalid_request", "payment_method"),
        ] as [(String, Int, String, String)])
    func badInput(body: String, status: Int, code: String, message: String) async throws {
        let host = try await TestHost.make()
        try await host.application.test(.router) { client in
            let answer = try await client.send(.post, "/payments", body)
            #expect(answer.status.code == status)
            #expect(answer.json.errorCode == code)
            #expect(answer.json.errorMessage?.contains(message) == true, "\(answer.json.errorMessage ?? "")")
            #expect(try await host.storage.payments(PaymentQuery()).isEmpty)
        }
    }

    @Test("a missing or wrong admin token is a 401 and leaves no row")
    func unauthorized() async throws {
        let host = try await TestHost.make()
        let body = #"{"amount":"12.50","currency":"USD"}"#
        try await host.application.test(.router) { client in
            for headers: HTTPFields in [
                [.contentType: "application/json"], [.authorization: "Bearer wrong-token-000000000000"],
                [.authorization: "Basic \(TestHost.adminToken)"], [.authorization: "Bearer "],
            ] {
                let answer = try await client.send(.post, "/payments", body, headers: headers)
                #expect(answer.status == .unauthorized)
                #expect(answer.json.errorCode == "unauthorized")
            }
            #expect(try await client.send(.get, "/payments", headers: [:]).status == .unauthorized)
            #expect(try await host.storage.payments(PaymentQuery()).isEmpty)
        }
    }

    @Test("the bearer scheme is case-insensitive; a customer with no fields is null")
    func bearerAndCustomer() async throws {
        let host = try await TestHost.make()
        try await host.application.test(.router) { client in
            let created = try await client.send(
                .post, "/payments", #"{"amount":"1.00","currency":"USD","customer":{"email":null}}"#,
                headers: [.authorization: "bearer \(TestHost.adminToken)"])
            #expect(created.status == .created)
            #expect(created.json["customer"] == .null)
        }
    }

    @Test("an oversized body is a 413 and leaves no row")
    func oversized() async throws {
        let host = try await TestHost.make(yaml: TestHost.defaultYAML + "\nserver: {max_body_bytes: 256}")
        let padding = String(repeating: "x", count: 400)
        try await host.application.test(.router) { client in
            let answer = try await client.send(.post, "/payments", #"{"amount":"1.00","currency":"USD","description":"\#(padding)"}"#)
            #expect(answer.status == .contentTooLarge)
            #expect(answer.json.errorCode == "body_too_large")
            let webhook = try await client.send(.post, "/webhooks/providers/mock", "[\(padding)]", headers: [:])
            #expect(webhook.status == .contentTooLarge)
            #expect(try await host.storage.payments(PaymentQuery()).isEmpty)
        }
    }

    @Test("unknown routes and payments are JSON 404s; health routes are open")
    func notFound() async throws {
        let host = try await TestHost.make()
        try await host.application.test(.router) { client in
            let route = try await client.send(.get, "/nowhere")
            #expect(route.status == .notFound)
            #expect(route.json.errorCode == "not_found")
            let payment = try await client.send(.get, "/payments/pay_missing")
            #expect(payment.status == .notFound)
            #expect(payment.json.errorCode == "not_found")
            #expect(try await client.send(.get, "/healthz", headers: [:]).status == .ok)
            #expect(try await client.send(.get, "/readyz", headers: [:]).json["status"]?.stringValue == "ready")
        }
    }

    @Test("list is newest first and pages with a cursor")
    func list() async throws {
        let host = try await TestHost.make()
        try await host.application.test(.router) { client in
            var ids: [String] = []
            for cents in 1...5 {
                let created = try await client.send(.post, "/payments", #"{"amount":"0.0\#(cents)","currency":"USD"}"#)
                ids.append(try #require(created.json["id"]?.stringValue))
            }
            let first = try await client.send(.get, "/payments?limit=2")
            #expect(first.json["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [ids[4], ids[3]])
            let cursor = try #require(first.json["next_cursor"]?.stringValue)
            let second = try await client.send(.get, "/payments?limit=2&cursor=\(cursor)")
            #expect(second.json["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [ids[2], ids[1]])
            let filtered = try await client.send(.get, "/payments?status=failed")
            #expect(filtered.json["data"]?.arrayValue?.isEmpty == true)
            #expect(filtered.json["next_cursor"] == .null)
            #expect(try await client.send(.get, "/payments?limit=0").status == .unprocessableContent)
            #expect(try await client.send(.get, "/payments?status=lost").status == .unprocessableContent)
        }
    }
}
