import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import PasarelaHost
import PasarelaKit
import PasarelaTesting
import Testing

/// Auto-disable: a partner whose every attempt fails for `delivery.disable_after_hours` is
/// disabled, its deliveries wait (pending, not dead-lettered), and enabling it resumes them.
@Suite("Partner auto-disable")
struct PartnerHealthTests {
    /// Deliveries retried every second; a partner disabled after 1.8 s of nothing but failures.
    static let yaml = PartnerWebhookTests.yaml(delivery: "timeout_seconds: 2, schedule: [0, 1, 1, 1, 1, 1, 1, 1], disable_after_hours: 0.0005")

    @Test("failing for the configured time disables the partner; its deliveries wait; enabling it delivers them")
    func disableAndResume() async throws {
        // Fails the first three attempts, then answers 200.
        let receiver = WebhookReceiver { number in .init(status: number < 3 ? .internalServerError : .ok) }
        let operations = WebhookReceiver()
        try await operations.run { busURL in
        try await receiver.run { url in
            let clock = FakeClock(now: Date())
            let host = try await TestHost.make(yaml: Self.yaml, clock: clock)
            try await host.application.test(.router) { client in
                let bus = #"{"name":"ops","webhook_url":"\#(busURL)","event_bus":true,"events":["partner.*"]}"#
                #expect(try await client.send(.post, "/partners/register", bus).status == .created)
                let registered = try await client.send(.post, "/partners/register", #"{"name":"flaky","webhook_url":"\#(url)"}"#)
                let id = try #require(registered.json["partner_id"]?.stringValue)
                let first = try await client.send(.post, "/partners/\(id)/events", #"{"event_type":"order.created","data":{"n":1}}"#)
                let deliveryID = try #require(first.json["delivery_id"]?.stringValue)
                for attempts in 1...3 {
                    #expect(try await eventually { receiver.requests.count == attempts }, "attempt \(attempts)")
                    if attempts < 3 {
                        // Recorded (its next attempt scheduled from the clock's now) before the clock moves on.
                        #expect(
                            try await eventually {
                                try await client.send(.get, "/deliveries/\(deliveryID)").json["attempt_count"]?.int64Value == Int64(attempts)
                            })
                        #expect(try await eventually { try await client.send(.get, "/partners/\(id)").json["failing_since"]?.isNull == false })
                        clock.advance(by: 1.3)  // past the next attempt's time, jitter (±20 %) included
                    }
                }
                #expect(try await eventually { try await client.send(.get, "/partners/\(id)").json["status"]?.stringValue == "disabled" })
                let disabled = try await client.send(.get, "/partners/\(id)").json
                #expect(disabled["disabled_reason"]?.stringValue == "every delivery attempt failed for 1.8 seconds")
                #expect(try await eventually { operations.requests.count == 1 }, "partner.disabled went to the event bus")
                let notice = try JSONValue.parse(try #require(operations.requests.first?.body))
                #expect(notice["event_type"]?.stringValue == "partner.disabled")
                #expect(notice["data"]?["partner_id"]?.stringValue == id)

                // Held: no attempt while disabled, however much time passes; new events wait too.
                let second = try await client.send(.post, "/partners/\(id)/events", #"{"event_type":"order.created","data":{"n":2}}"#)
                #expect(second.status == .accepted)
                clock.advance(by: 30)
                try await Task.sleep(for: .milliseconds(1_500))
                #expect(receiver.requests.count == 3)
                #expect(try await client.send(.get, "/deliveries/\(deliveryID)").json["status"]?.stringValue == "pending")

                let enabled = try await client.send(.patch, "/partners/\(id)", #"{"status":"enabled"}"#)
                #expect(enabled.json["status"]?.stringValue == "enabled")
                #expect(enabled.json["disabled_reason"]?.isNull == true)
                #expect(enabled.json["failing_since"]?.isNull == true)
                #expect(try await eventually { receiver.requests.count == 5 })
                #expect(try await eventually { try await client.send(.get, "/deliveries/\(deliveryID)").json["status"]?.stringValue == "delivered" })
                let metrics = String(decoding: try await client.execute(uri: "/metrics", method: .get).body.readableBytesView, as: UTF8.self)
                #expect(metrics.contains(#"pasarela_partners_disabled_total{partner="\#(id)",cause="failing"} 1"#))
            }
        }
        }
    }

    @Test("a delivery the schedule gives up on is reported to the event bus as delivery.dead_lettered")
    func deadLettered() async throws {
        let failing = WebhookReceiver { _ in .init(status: .serviceUnavailable) }
        let operations = WebhookReceiver()
        let yaml = PartnerWebhookTests.yaml(delivery: "timeout_seconds: 2, schedule: [0]")
        try await operations.run { busURL in
            try await failing.run { url in
                let host = try await TestHost.make(yaml: yaml)
                try await host.application.test(.router) { client in
                    let bus = #"{"name":"ops","webhook_url":"\#(busURL)","event_bus":true,"events":["delivery.*"]}"#
                    #expect(try await client.send(.post, "/partners/register", bus).status == .created)
                    let down = try await client.send(.post, "/partners/register", #"{"name":"down","webhook_url":"\#(url)"}"#)
                    let id = try #require(down.json["partner_id"]?.stringValue)
                    let sent = try await client.send(.post, "/partners/\(id)/events", #"{"event_type":"order.created"}"#).json
                    #expect(try await eventually { operations.requests.count == 1 })
                    let notice = try JSONValue.parse(try #require(operations.requests.first?.body))
                    #expect(notice["event_type"]?.stringValue == "delivery.dead_lettered")
                    #expect(notice["data"]?["delivery_id"] == sent["delivery_id"])
                    #expect(notice["data"]?["partner_id"]?.stringValue == id)
                    #expect(notice["data"]?["last_error"]?.stringValue == "HTTP 503")
                }
            }
        }
    }

    @Test("status is operational: PATCH sets it on config partners too (and only it); a bad value is 422")
    func operatorStatus() async throws {
        let host = try await TestHost.make(yaml: PartnerWebhookTests.yaml)
        try await host.application.test(.router) { client in
            let disabled = try await client.send(.patch, "/partners/acme", #"{"status":"disabled"}"#)
            #expect(disabled.status == .ok)
            #expect(disabled.json["status"]?.stringValue == "disabled")
            #expect(disabled.json["disabled_reason"]?.stringValue == "disabled by an operator")
            #expect(try await client.send(.patch, "/partners/acme", #"{"status":"disabled","name":"x"}"#).status == .conflict)
            let bad = try await client.send(.patch, "/partners/acme", #"{"status":"paused"}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(try await client.send(.patch, "/partners/nobody", #"{"status":"enabled"}"#).status == .notFound)
            #expect(try await client.send(.patch, "/partners/acme", #"{"status":"enabled"}"#).json["status"]?.stringValue == "enabled")
        }
        await #expect(throws: ConfigurationError.self) {
            _ = try await TestHost.make(yaml: PartnerWebhookTests.yaml(delivery: "disable_after_hours: -1"))
        }
    }
}
