import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MockProvider
import PasarelaHost
import PasarelaKit
import PasarelaTesting
import Testing

@Suite("Payment lifecycle through the API")
struct PaymentLifecycleTests {
    func create(_ client: some TestClientProtocol, amount: String = "10.00", outcome: String? = nil) async throws -> JSONValue {
        let metadata = outcome.map { #","metadata":{"mock_outcome":"\#($0)"}"# } ?? ""
        let answer = try await client.send(.post, "/payments", #"{"amount":"\#(amount)","currency":"USD"\#(metadata)}"#)
        #expect(answer.status == .created)
        return answer.json
    }

    @Test(
        "each mock outcome through the API",
        arguments: [
            ("succeed", "succeeded"), ("decline", "failed"), ("pending", "pending"), ("requires_action", "requires_action"),
        ])
    func outcomes(outcome: String, status: String) async throws {
        let host = try await TestHost.make()
        try await host.application.test(.router) { client in
            let payment = try await create(client, outcome: outcome)
            #expect(payment["status"]?.stringValue == status)
            if status == "failed" {
                #expect(payment["failure_code"]?.stringValue == "card_declined")
                #expect(payment["failure_message"]?.stringValue != nil)
            }
            let id = try #require(payment["id"]?.stringValue)
            let events = try await host.storage.paymentEvents(paymentID: id)
            #expect(events.map(\.type.rawValue) == ["payment.\(status)"])
        }
    }

    @Test("timeout is a 504 and provider_error a 502, both retryable, and no row is left")
    func providerFailures() async throws {
        let host = try await TestHost.make()
        try await host.application.test(.router) { client in
            let timeout = try await client.send(.post, "/payments", #"{"amount":"1.00","currency":"USD","metadata":{"mock_outcome":"timeout"}}"#)
            #expect(timeout.status == .gatewayTimeout)
            #expect(timeout.json.errorCode == "provider_timeout")
            let outage = try await client.send(.post, "/payments", #"{"amount":"1.00","currency":"USD","metadata":{"mock_outcome":"provider_error"}}"#)
            #expect(outage.status == .badGateway)
            #expect(outage.json.errorCode == "provider_error")
            #expect(try await host.storage.payments(PaymentQuery()).isEmpty)
        }
    }

    @Test("same Idempotency-Key and body: the stored answer, one payment; other body: 409")
    func idempotency() async throws {
        let host = try await TestHost.make()
        try await host.application.test(.router) { client in
            var headers = TestHost.authorized
            headers[IdempotencyKeyHeader.name] = "order-42"
            let body = #"{"amount":"12.50","currency":"USD"}"#
            let first = try await client.send(.post, "/payments", body, headers: headers)
            let again = try await client.send(.post, "/payments", #"{ "currency": "USD", "amount": "12.50" }"#, headers: headers)
            #expect(first.status == .created)
            #expect(again.status == .created)
            #expect(again.json == first.json)
            #expect(again.headers[IdempotencyKeyHeader.replayed] == "true")
            let other = try await client.send(.post, "/payments", #"{"amount":"99.00","currency":"USD"}"#, headers: headers)
            #expect(other.status == .conflict)
            #expect(other.json.errorCode == "idempotency_conflict")
            #expect(try await host.storage.payments(PaymentQuery()).count == 1)
        }
    }

    @Test("a failed provider call frees its Idempotency-Key for a retry")
    func idempotencyAfterFailure() async throws {
        let host = try await TestHost.make()
        try await host.application.test(.router) { client in
            var headers = TestHost.authorized
            headers[IdempotencyKeyHeader.name] = "retry-me"
            let failing = #"{"amount":"1.00","currency":"USD","metadata":{"mock_outcome":"provider_error"}}"#
            let first = try await client.send(.post, "/payments", failing, headers: headers)
            let retried = try await client.send(.post, "/payments", failing, headers: headers)
            #expect(first.status == .badGateway)
            #expect(retried.status == .badGateway)
        }
    }

    @Test("a replayed Idempotency-Key does not call the provider again")
    func idempotencyCallsProviderOnce() async throws {
        let host = try await TestHost.make()
        let testID = UUID().uuidString
        try await host.application.test(.router) { client in
            var headers = TestHost.authorized
            headers[IdempotencyKeyHeader.name] = "once-\(testID)"
            let body = #"{"amount":"3.00","currency":"USD","provider":"scripted","metadata":{"test_id":"\#(testID)"}}"#
            for _ in 0..<3 {
                let answer = try await client.send(.post, "/payments", body, headers: headers)
                #expect(answer.status == .created)
            }
        }
        #expect(ScriptedProvider.shared.createCalls(testID: testID) == 1)
    }

    @Test("pending refunds count against what remains")
    func pendingRefunds() async throws {
        let host = try await TestHost.make()
        try await host.application.test(.router) { client in
            let created = try await client.send(.post, "/payments", #"{"amount":"10.00","currency":"USD","provider":"scripted"}"#)
            let id = try #require(created.json["id"]?.stringValue)
            let pending = try await client.send(.post, "/payments/\(id)/refunds", #"{"amount":"6.00"}"#)
            #expect(pending.status == .created)
            #expect(pending.json["status"]?.stringValue == "pending")
            #expect(try await client.send(.get, "/payments/\(id)").json["status"]?.stringValue == "succeeded")
            let over = try await client.send(.post, "/payments/\(id)/refunds", #"{"amount":"5.00"}"#)
            #expect(over.status == .unprocessableContent)
            let rest = try await client.send(.post, "/payments/\(id)/refunds")
            #expect(rest.json["amount_minor"]?.int64Value == 400)
            #expect(try await client.send(.post, "/payments/\(id)/refunds").status == .unprocessableContent)
        }
    }

    @Test("bad refund and cancel bodies are 4xx and change nothing")
    func badRefundAndCancelInput() async throws {
        let host = try await TestHost.make()
        try await host.application.test(.router) { client in
            let id = try #require(try await create(client, amount: "10.00")["id"]?.stringValue)
            #expect(try await client.send(.post, "/payments/\(id)/refunds", "{").status == .badRequest)
            #expect(try await client.send(.post, "/payments/\(id)/refunds", #"{"amount":"0.001"}"#).status == .unprocessableContent)
            #expect(try await client.send(.post, "/payments/\(id)/refunds", #"{"amount":"-1"}"#).status == .unprocessableContent)
            #expect(try await client.send(.post, "/payments/\(id)/refunds", #"{"amonut":"1"}"#).status == .unprocessableContent)
            #expect(try await client.send(.post, "/payments/\(id)/cancel", #"{"now":true}"#).status == .unprocessableContent)
            #expect(try await client.send(.post, "/payments/pay_missing/refunds").status == .notFound)
            #expect(try await host.storage.refunds(paymentID: id).isEmpty)
            #expect(try await host.storage.payment(id: id)?.status == .succeeded)
        }
    }

    @Test("?refresh=true reads the provider and records a poll event")
    func refresh() async throws {
        let host = try await TestHost.make()
        try await host.application.test(.router) { client in
            let payment = try await create(client, outcome: "pending")
            let id = try #require(payment["id"]?.stringValue)
            let providerID = try #require(payment["provider_payment_id"]?.stringValue)
            let key = "payment/\(providerID)"
            let stored = try #require(try await host.storage.moduleValue(scope: "provider/mock", key: key))
            let settled = String(decoding: stored, as: UTF8.self).replacingOccurrences(of: #""status":"pending""#, with: #""status":"succeeded""#)
            try await host.storage.setModuleValue(Array(settled.utf8), scope: "provider/mock", key: key)
            #expect(try await client.send(.get, "/payments/\(id)").json["status"]?.stringValue == "pending")
            #expect(try await client.send(.get, "/payments/\(id)?refresh=true").json["status"]?.stringValue == "succeeded")
            let events = try await host.storage.paymentEvents(paymentID: id)
            #expect(events.map(\.source) == [.api, .poll])
        }
    }

    @Test("partial refund, then the rest; over-refund is refused")
    func refunds() async throws {
        let host = try await TestHost.make()
        try await host.application.test(.router) { client in
            let id = try #require(try await create(client, amount: "10.00")["id"]?.stringValue)
            let partial = try await client.send(.post, "/payments/\(id)/refunds", #"{"amount":"4.00","reason":"requested_by_customer"}"#)
            #expect(partial.status == .created)
            #expect(partial.json["amount_minor"]?.int64Value == 400)
            #expect(partial.json["payment_id"]?.stringValue == id)
            #expect(partial.json["status"]?.stringValue == "succeeded")
            let afterPartial = try await client.send(.get, "/payments/\(id)")
            #expect(afterPartial.json["status"]?.stringValue == "partially_refunded")
            #expect(afterPartial.json["refunded_minor"]?.int64Value == 400)
            let tooMuch = try await client.send(.post, "/payments/\(id)/refunds", #"{"amount":"6.01"}"#)
            #expect(tooMuch.status == .unprocessableContent)
            #expect(tooMuch.json.errorMessage?.contains("exceeds what remains") == true)
            let wrongCurrency = try await client.send(.post, "/payments/\(id)/refunds", #"{"amount":"1.00","currency":"EUR"}"#)
            #expect(wrongCurrency.status == .unprocessableContent)
            let rest = try await client.send(.post, "/payments/\(id)/refunds")
            #expect(rest.status == .created)
            #expect(rest.json["amount_minor"]?.int64Value == 600)
            let final = try await client.send(.get, "/payments/\(id)")
            #expect(final.json["status"]?.stringValue == "refunded")
            #expect(final.json["refunded_minor"]?.int64Value == 1000)
            let none = try await client.send(.post, "/payments/\(id)/refunds")
            #expect(none.status == .conflict)
            #expect(none.json.errorCode == "invalid_state")
            let events = try await host.storage.paymentEvents(paymentID: id).map(\.type.rawValue)
            #expect(events == ["payment.succeeded", "payment.partially_refunded", "payment.refunded"])
            #expect(try await host.storage.refunds(paymentID: id).map(\.amount.minor) == [400, 600])
        }
    }

    @Test("an Idempotency-Key on refunds is scoped to its payment and replays on retry")
    func refundIdempotency() async throws {
        let host = try await TestHost.make()
        try await host.application.test(.router) { client in
            var headers = TestHost.authorized
            headers[IdempotencyKeyHeader.name] = "refund-1"
            let first = try #require(try await create(client, amount: "10.00")["id"]?.stringValue)
            let second = try #require(try await create(client, amount: "10.00")["id"]?.stringValue)
            let refundFirst = try await client.send(.post, "/payments/\(first)/refunds", #"{"amount":"1.00"}"#, headers: headers)
            let replay = try await client.send(.post, "/payments/\(first)/refunds", #"{"amount":"1.00"}"#, headers: headers)
            let refundSecond = try await client.send(.post, "/payments/\(second)/refunds", #"{"amount":"1.00"}"#, headers: headers)
            #expect(refundFirst.status == .created)
            #expect(replay.json == refundFirst.json)
            #expect(refundSecond.status == .created)
            #expect(refundSecond.json["provider_refund_id"] != refundFirst.json["provider_refund_id"])
            #expect(try await host.storage.payment(id: first)?.refundedMinor == 100)
            #expect(try await host.storage.payment(id: second)?.refundedMinor == 100)
        }
    }

    @Test("concurrent refunds never exceed the payment")
    func concurrentRefunds() async throws {
        let host = try await TestHost.make()
        try await host.application.test(.router) { client in
            let id = try #require(try await create(client, amount: "10.00")["id"]?.stringValue)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await client.send(.post, "/payments/\(id)/refunds", #"{"amount":"3.00"}"#).status.code }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 201 }.count == 3)
            #expect(statuses.filter { $0 == 422 }.count == 5)
            #expect(try await host.storage.payment(id: id)?.refundedMinor == 900)
        }
    }

    @Test("a pending payment can be canceled; a succeeded one is a 409")
    func cancel() async throws {
        let host = try await TestHost.make()
        try await host.application.test(.router) { client in
            let pending = try #require(try await create(client, outcome: "pending")["id"]?.stringValue)
            let canceled = try await client.send(.post, "/payments/\(pending)/cancel")
            #expect(canceled.status == .ok)
            #expect(canceled.json["status"]?.stringValue == "canceled")
            #expect(try await client.send(.post, "/payments/\(pending)/cancel").json["status"]?.stringValue == "canceled")
            let succeeded = try #require(try await create(client)["id"]?.stringValue)
            let refused = try await client.send(.post, "/payments/\(succeeded)/cancel")
            #expect(refused.status == .conflict)
            #expect(refused.json.errorCode == "invalid_state")
            #expect(try await client.send(.post, "/payments/pay_nope/cancel").status == .notFound)
        }
    }

    @Test("a signed mock webhook settles a pending payment; replays and late statuses never move it back")
    func webhookSettles() async throws {
        let clock = FakeClock(now: Date())
        let host = try await TestHost.make(clock: clock)
        try await host.application.test(.router) { client in
            let payment = try await create(client, outcome: "pending")
            let id = try #require(payment["id"]?.stringValue)
            let providerID = try #require(payment["provider_payment_id"]?.stringValue)
            func post(_ status: String, eventID: String, secret: String = TestHost.webhookSecret, age: Int = 0) async throws
                -> (status: HTTPResponse.Status, json: JSONValue, headers: HTTPFields)
            {
                let body = #"{"id":"\#(eventID)","provider_payment_id":"\#(providerID)","status":"\#(status)"}"#
                let signature = MockWebhookSignature.header(
                    body: Array(body.utf8), secret: secret, timestamp: Int(clock.now().timeIntervalSince1970) - age)
                return try await client.send(
                    .post, "/webhooks/providers/mock", body,
                    headers: [.contentType: "application/json", MockSignatureHeader.name: signature])
            }
            let settled = try await post("succeeded", eventID: "mevt_1")
            #expect(settled.status == .ok)
            #expect(settled.json["status"]?.stringValue == "processed")
            #expect(settled.json["event_id"]?.stringValue == "mevt_1")
            #expect(try await client.send(.get, "/payments/\(id)").json["status"]?.stringValue == "succeeded")
            let replay = try await post("succeeded", eventID: "mevt_1")
            #expect(replay.status == .ok)
            #expect(replay.json["status"]?.stringValue == "duplicate")
            #expect(replay.json["event_id"]?.stringValue == "mevt_1")
            #expect(try await post("processing", eventID: "mevt_2").status == .ok)
            #expect(try await client.send(.get, "/payments/\(id)").json["status"]?.stringValue == "succeeded")
            #expect(try await post("failed", eventID: "mevt_3", secret: "wrong").status == .unauthorized)
            #expect(try await post("failed", eventID: "mevt_4", age: 600).status == .unauthorized)
            #expect(try await client.send(.post, "/webhooks/providers/nope", "{}").status == .notFound)
            let overflow = try await client.send(
                .post, "/webhooks/providers/mock", "{}",
                headers: [MockSignatureHeader.name: "t=-9223372036854775808,v1=00"])
            #expect(overflow.status == .unauthorized)
            let notJSON = "not json"
            let signed = MockWebhookSignature.header(
                body: Array(notJSON.utf8), secret: TestHost.webhookSecret, timestamp: Int(clock.now().timeIntervalSince1970))
            let malformed = try await client.send(.post, "/webhooks/providers/mock", notJSON, headers: [MockSignatureHeader.name: signed])
            #expect(malformed.status == .badRequest)
            #expect(malformed.json.errorCode == "malformed_json")
            #expect(try await post("refunded", eventID: "mevt_5").status == .ok)
            let refunded = try await client.send(.get, "/payments/\(id)")
            #expect(refunded.json["status"]?.stringValue == "refunded")
            #expect(refunded.json["refunded_minor"] == refunded.json["amount_minor"])
            let events = try await host.storage.paymentEvents(paymentID: id)
            #expect(events.map(\.type.rawValue) == ["payment.pending", "payment.succeeded", "payment.refunded"])
            #expect(events[1].source == .webhook)
            #expect(events[1].providerEventID == "mevt_1")
        }
    }

    @Test("instances are chosen by the request, then currency routes, then the default")
    func routing() async throws {
        let yaml = """
            admin: {token: "\(TestHost.adminToken)"}
            storage: {url: "sqlite::memory:"}
            payments:
              default: mock-us
              instances:
                mock-us: {module: mock}
                mock-ar: {module: mock}
              routes: [{currency: ARS, instance: mock-ar}]
            """
        let host = try await TestHost.make(yaml: yaml)
        try await host.application.test(.router) { client in
            let usd = try await client.send(.post, "/payments", #"{"amount":"1.00","currency":"USD"}"#)
            #expect(usd.json["provider"]?.stringValue == "mock-us")
            let ars = try await client.send(.post, "/payments", #"{"amount":"100.50","currency":"ARS"}"#)
            #expect(ars.json["provider"]?.stringValue == "mock-ar")
            let chosen = try await client.send(.post, "/payments", #"{"amount":"100.50","currency":"ARS","provider":"mock-us"}"#)
            #expect(chosen.json["provider"]?.stringValue == "mock-us")
        }
    }
}

/// Header names used by these tests.
enum IdempotencyKeyHeader {
    static let name = HTTPField.Name("Idempotency-Key")!
    static let replayed = HTTPField.Name("Idempotent-Replayed")!
}

enum MockSignatureHeader {
    static let name = HTTPField.Name(MockWebhookSignature.headerName)!
}
