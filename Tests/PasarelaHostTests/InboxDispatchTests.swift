import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PasarelaKit
import PasarelaTesting
import Testing

@testable import PasarelaHost

/// A handler that fails a given number of times, then succeeds, counting its calls.
struct CountingHandler: InboxHandler {
    let name: String
    let type: EventType
    let failures: Int
    let calls = Shared(0)

    func subscribes(to type: EventType) -> Bool { type == self.type }

    func handle(_ event: InboxEvent) async throws {
        let call = calls.get() + 1
        calls.update { $0 = call }
        if call <= failures { throw PasarelaError(.providerError, "\(name) failed on call \(call)") }
    }
}

@Suite("Inbox dispatch")
struct InboxDispatchTests {
    @Test("a failing handler is retried with backoff and shows as failed with its error; succeeded handlers are not run again")
    func retries() async throws {
        let clock = FakeClock(now: Date())
        let flaky = CountingHandler(name: "flaky", type: "service.booked_for_event", failures: 2)
        let steady = CountingHandler(name: "steady", type: "service.booked_for_event", failures: 0)
        let other = CountingHandler(name: "other", type: "event.updated", failures: 0)
        let host = try await TestHost.make(yaml: PartnerWebhookTests.yaml, clock: clock, inboxHandlers: [flaky, steady, other])
        let test = PartnerWebhookTests()
        try await host.application.test(.router) { client in
            let body = test.seedBody(timestamp: clock.now())
            let posted = try await client.send(.post, "/webhooks/partner/findyourwork", body, headers: try test.seedHeaders(body))
            let id = try #require(posted.json["event_id"]?.stringValue)
            func event() async throws -> JSONValue { try await client.send(.get, "/events/\(id)").json }
            func run(_ name: String) async throws -> JSONValue? {
                try await event()["handlers"]?.arrayValue?.first { $0["handler"]?.stringValue == name }
            }
            #expect(try await eventually { try await event()["status"]?.stringValue == "failed" })
            #expect(try await run("flaky")?["status"]?.stringValue == "failed")
            #expect(try await run("flaky")?["error"]?.stringValue?.contains("flaky failed on call 1") == true)
            #expect(try await run("steady")?["status"]?.stringValue == "succeeded")
            #expect(try await run("other") == nil)
            clock.advance(by: 1.1)
            #expect(try await eventually { try await run("flaky")?["attempts"]?.int64Value == 2 })
            clock.advance(by: 5.1)
            #expect(try await eventually { try await event()["status"]?.stringValue == "processed" })
            #expect(try await run("flaky")?["attempts"]?.int64Value == 3)
            #expect(try await run("flaky")?["error"] == .null)
        }
        #expect(flaky.calls.get() == 3)
        #expect(steady.calls.get() == 1)
        #expect(other.calls.get() == 0)
    }

    @Test("an event no handler subscribes to is processed at once")
    func noSubscribers() async throws {
        let host = try await TestHost.make(yaml: PartnerWebhookTests.yaml)
        let test = PartnerWebhookTests()
        try await host.application.test(.router) { client in
            let body = test.seedBody()
            let id = try #require(try await client.send(.post, "/webhooks/partner/findyourwork", body, headers: try test.seedHeaders(body)).json["event_id"]?.stringValue)
            #expect(try await eventually { try await client.send(.get, "/events/\(id)").json["status"]?.stringValue == "processed" })
            #expect(try await client.send(.get, "/events/\(id)").json["handlers"]?.arrayValue?.isEmpty == true)
        }
    }
}
