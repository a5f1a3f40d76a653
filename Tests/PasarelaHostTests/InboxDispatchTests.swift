import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
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

    @Test("a batch that runs longer than its claim renews it before each handler, so no other host takes the rest")
    func slowBatchKeepsItsClaim() async throws {
        let storage = try SQLiteStorage(path: ":memory:")
        let clock = FakeClock(now: Date(timeIntervalSince1970: 1_767_225_600))
        let events = (1...2).map { index in
            InboxEvent(
                id: "evt_\(index)", partnerID: "acme", dedupeKey: "event:\(index)", eventType: "ledger.entry", partnerEventID: nil,
                body: Array("{}".utf8), status: .received, receivedAt: clock.now())
        }
        _ = try await withCheckedThrowingContinuation { reply in storage.insertInboxEvents(events) { reply.resume(with: $0) } }
        let takenByAnotherHost = Shared<[String]>([])
        let slow = SlowHandler { event in
            if event.id == "evt_1" {
                // The first event takes 80 s of the claim's 120.
                clock.advance(by: 80)
            } else {
                // While the second runs, past the first claim's end, another host looks for due events.
                let later = clock.now().addingTimeInterval(45)
                let taken = try await storage.claimDueInboxEvents(now: later, leaseUntil: later.addingTimeInterval(120), limit: 10)
                takenByAnotherHost.update { $0 += taken.map(\.id) }
            }
        }
        let dispatcher = InboxDispatcher(storage: storage, handlers: [slow], clock: clock, logger: Logger(label: "test"))
        await dispatcher.dispatchDue()
        #expect(takenByAnotherHost.get().isEmpty)
        #expect(try await storage.inboxEvent(id: "evt_2")?.status == .processed)
        try await storage.close()
    }
}

/// A handler that runs `body` for every event.
struct SlowHandler: InboxHandler {
    let name = "slow"
    let body: @Sendable (InboxEvent) async throws -> Void

    func subscribes(to type: EventType) -> Bool { true }

    func handle(_ event: InboxEvent) async throws {
        try await body(event)
    }
}
