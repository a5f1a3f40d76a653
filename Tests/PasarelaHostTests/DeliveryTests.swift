import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceLifecycle
import PasarelaHost
import PasarelaKit
import PasarelaTesting
import Testing

@Suite("Outbound deliveries")
struct DeliveryTests {
    static let standardSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let seedSecret = "shared_secret_chuwue_findyourwork"

    static func yaml(partners: [(id: String, url: String, scheme: String)], schedule: String = "[0, 0, 0, 0]") -> String {
        let list = partners.map { partner -> String in
            let secret = partner.scheme == "seed" ? seedSecret : standardSecret
            return #"  - {id: \#(partner.id), webhook_url: "\#(partner.url)", secret: "\#(secret)", scheme: \#(partner.scheme)}"#
        }.joined(separator: "\n")
        return TestHost.defaultYAML + """


            identity: chuwue-grill
            delivery: {allow_private_networks: true, schedule: \(schedule), timeout_seconds: 2}
            partners:
            \(list)
            """
    }

    func send(_ client: some TestClientProtocol, to partner: String, type: String = "event.reservation_confirmed") async throws -> String {
        let answer = try await client.send(
            .post, "/partners/\(partner)/events",
            #"{"event_type":"\#(type)","data":{"reservation_id":"RES-2026-001","contact_name":"María García","guests":50}}"#)
        #expect(answer.status == .accepted)
        return try #require(answer.json["delivery_id"]?.stringValue)
    }

    func delivery(_ client: some TestClientProtocol, _ id: String) async throws -> JSONValue {
        try await client.send(.get, "/deliveries/\(id)").json
    }

    @Test("a receiver that fails twice then succeeds gets the event, with 3 attempts recorded and valid signatures")
    func retriesUntilDelivered() async throws {
        let receiver = WebhookReceiver { number in .init(status: number < 2 ? .internalServerError : .ok) }
        try await receiver.run { url in
            let host = try await TestHost.make(yaml: Self.yaml(partners: [("acme", url, "standard")]))
            try await host.application.test(.router) { client in
                let id = try await send(client, to: "acme")
                #expect(try await eventually { try await delivery(client, id)["status"]?.stringValue == "delivered" })
                let final = try await delivery(client, id)
                let attempts = try #require(final["attempts"]?.arrayValue)
                #expect(attempts.map { $0["status_code"]?.int64Value } == [500, 500, 200])
                #expect(attempts.allSatisfy { $0["duration_ms"]?.int64Value != nil })
                #expect(final["attempt_count"]?.int64Value == 3)
            }
        }
        let requests = receiver.requests
        #expect(requests.count == 3)
        #expect(Set(requests.map { $0.headers["webhook-id"] ?? "" }).count == 1)
        for request in requests {
            #expect(request.headers["x-partner-id"] == "chuwue-grill")
            #expect(throws: Never.self) {
                try StandardWebhooksScheme().verify(headers: request.headers, body: request.body, secrets: [Self.standardSecret], now: Date())
            }
        }
        let envelope = try JSONValue.parse(requests[0].body)
        #expect(envelope["source"]?.stringValue == "chuwue-grill")
        #expect(envelope["version"]?.stringValue == "1.0")
        #expect(envelope["event_type"]?.stringValue == "event.reservation_confirmed")
        #expect(envelope["event_id"]?.stringValue == requests[0].headers["webhook-id"])
        #expect(ISOTimestamp.parse(envelope["timestamp"]?.stringValue ?? "") != nil)
        #expect(envelope["data"]?["contact_name"]?.stringValue == "María García")
    }

    @Test("seed partners get the canonical body, signed as the seed's Python code signs it")
    func seedDelivery() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { url in
            let host = try await TestHost.make(yaml: Self.yaml(partners: [("findyourwork", url, "seed")]))
            try await host.application.test(.router) { client in
                let id = try await send(client, to: "findyourwork")
                #expect(try await eventually { try await delivery(client, id)["status"]?.stringValue == "delivered" })
            }
        }
        let request = try #require(receiver.requests.first)
        let body = String(decoding: request.body, as: UTF8.self)
        #expect(body == (try JSONValue.parse(request.body)).pythonCanonical())
        #expect(body.contains(#"Mar\u00eda Garc\u00eda"#))
        #expect(request.headers["x-hmac-signature"] == request.headers["x-partner-signature"])
        #expect(request.headers["x-hmac-signature"] == HMACSHA256.hex(key: Self.seedSecret, message: request.body))
    }

    @Test("410 disables the delivery; an exhausted schedule makes it dead; a manual retry can still deliver it")
    func goneAndDead() async throws {
        let gone = WebhookReceiver { _ in .init(status: .gone) }
        let failing = WebhookReceiver { number in .init(status: number < 2 ? .badGateway : .ok) }
        try await gone.run { goneURL in
            try await failing.run { failingURL in
                let host = try await TestHost.make(
                    yaml: Self.yaml(partners: [("gone", goneURL, "standard"), ("flaky", failingURL, "standard")], schedule: "[0, 0]"))
                try await host.application.test(.router) { client in
                    let goneID = try await send(client, to: "gone")
                    let deadID = try await send(client, to: "flaky")
                    #expect(try await eventually { try await delivery(client, goneID)["status"]?.stringValue == "disabled" })
                    #expect(try await eventually { try await delivery(client, deadID)["status"]?.stringValue == "dead" })
                    #expect(try await delivery(client, deadID)["attempts"]?.arrayValue?.count == 2)
                    #expect(try await client.send(.get, "/deliveries?status=dead").json["data"]?.arrayValue?.count == 1)
                    let retried = try await client.send(.post, "/deliveries/\(deadID)/retry")
                    #expect(retried.status == .accepted)
                    #expect(try await eventually { try await delivery(client, deadID)["status"]?.stringValue == "delivered" })
                    #expect(try await client.send(.post, "/deliveries/\(deadID)/retry").status == .conflict)
                    let status = try await client.send(.get, "/partners/flaky/status")
                    #expect(status.json["deliveries"]?["delivered"]?.int64Value == 1)
                    #expect(status.json["last_failure"]?["status_code"]?.int64Value == 502)
                }
            }
        }
        #expect(gone.requests.count == 1)
    }

    @Test("deliveries never follow redirects")
    func noRedirects() async throws {
        let target = WebhookReceiver()
        try await target.run { targetURL in
            let bouncer = WebhookReceiver { _ in .init(status: .found, headers: [.location: targetURL]) }
            try await bouncer.run { bouncerURL in
                let host = try await TestHost.make(yaml: Self.yaml(partners: [("bouncy", bouncerURL, "standard")], schedule: "[0]"))
                try await host.application.test(.router) { client in
                    let id = try await send(client, to: "bouncy")
                    #expect(try await eventually { try await delivery(client, id)["status"]?.stringValue == "dead" })
                    #expect(try await delivery(client, id)["attempts"]?.arrayValue?.first?["status_code"]?.int64Value == 302)
                }
            }
        }
        #expect(target.requests.isEmpty)
    }

    @Test("Retry-After is honoured instead of the schedule")
    func retryAfter() async throws {
        let receiver = WebhookReceiver { number in
            number == 0 ? .init(status: .serviceUnavailable, headers: [HTTPField.Name("Retry-After")!: "120"]) : .init(status: .ok)
        }
        let clock = FakeClock(now: Date())
        try await receiver.run { url in
            let host = try await TestHost.make(yaml: Self.yaml(partners: [("acme", url, "standard")]), clock: clock)
            try await host.application.test(.router) { client in
                let id = try await send(client, to: "acme")
                #expect(try await eventually { try await delivery(client, id)["attempt_count"]?.int64Value == 1 })
                let waiting = try await delivery(client, id)
                let attemptAt = try #require(ISOTimestamp.parse(waiting["attempts"]?.arrayValue?.first?["at"]?.stringValue ?? ""))
                let nextAt = try #require(ISOTimestamp.parse(waiting["next_attempt_at"]?.stringValue ?? ""))
                #expect(abs(nextAt.timeIntervalSince(attemptAt) - 120) < 0.001)
                clock.advance(by: 119)
                try await Task.sleep(for: .seconds(1))
                #expect(receiver.requests.count == 1)
                clock.advance(by: 2)
                #expect(try await eventually { try await delivery(client, id)["status"]?.stringValue == "delivered" })
            }
        }
        #expect(receiver.requests.count == 2)
    }

    @Test("a slow partner does not delay the others")
    func slowPartnerIsolation() async throws {
        let slow = WebhookReceiver { _ in .init(status: .ok, delay: .seconds(3)) }
        let fast = WebhookReceiver()
        try await slow.run { slowURL in
            try await fast.run { fastURL in
                let host = try await TestHost.make(yaml: Self.yaml(partners: [("slow", slowURL, "standard"), ("fast", fastURL, "standard")]))
                try await host.application.test(.router) { client in
                    for _ in 0..<12 { _ = try await send(client, to: "slow") }
                    let started = ContinuousClock.now
                    let fastID = try await send(client, to: "fast")
                    #expect(try await eventually { try await delivery(client, fastID)["status"]?.stringValue == "delivered" })
                    // Held behind the slow partner, it would wait for its first answers, 3 s.
                    #expect(ContinuousClock.now - started < .seconds(2))
                }
            }
        }
    }

    @Test("a partner's X-API-Key reads its own status and deliveries, nothing else")
    func partnerAPIKey() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { url in
            let host = try await TestHost.make(yaml: Self.yaml(partners: [("acme", url, "standard")]))
            try await host.application.test(.router) { client in
                let registered = try await client.send(.post, "/partners/register", #"{"name":"Beta","webhook_url":"\#(url)"}"#)
                let key = try #require(registered.json["api_key"]?.stringValue)
                let betaDelivery = try await send(client, to: "beta")
                let acmeDelivery = try await send(client, to: "acme")
                let asBeta: HTTPFields = [HTTPField.Name("X-API-Key")!: key]
                #expect(try await client.send(.get, "/partners/beta/status", headers: asBeta).status == .ok)
                #expect(try await client.send(.get, "/partners/acme/status", headers: asBeta).status == .notFound)
                let listed = try await client.send(.get, "/deliveries", headers: asBeta)
                #expect(listed.json["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [betaDelivery])
                #expect(try await client.send(.get, "/deliveries/\(acmeDelivery)", headers: asBeta).status == .notFound)
                #expect(try await client.send(.get, "/deliveries/\(betaDelivery)", headers: asBeta).status == .ok)
                #expect(try await client.send(.get, "/payments", headers: asBeta).status == .unauthorized)
                #expect(try await client.send(.get, "/partners/beta", headers: asBeta).status == .unauthorized)
                #expect(try await client.send(.post, "/partners/beta/events", #"{"event_type":"x"}"#, headers: asBeta).status == .unauthorized)
                #expect(try await client.send(.get, "/deliveries", headers: [HTTPField.Name("X-API-Key")!: "pak_wrong"]).status == .unauthorized)
            }
        }
    }

    @Test("replay queues again what a partner was sent in a time range")
    func replay() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { url in
            let host = try await TestHost.make(yaml: Self.yaml(partners: [("acme", url, "standard")]))
            try await host.application.test(.router) { client in
                let since = ISOTimestamp.format(Date().addingTimeInterval(-60))
                _ = try await send(client, to: "acme", type: "event.updated")
                _ = try await send(client, to: "acme", type: "event.cancelled")
                #expect(try await eventually { receiver.requests.count == 2 })
                let replayed = try await client.send(.post, "/partners/acme/replay", #"{"since":"\#(since)","event_types":["event.updated"]}"#)
                #expect(replayed.status == .accepted)
                #expect(replayed.json["replayed"]?.int64Value == 1)
                #expect(try await eventually { receiver.requests.count == 3 })
                #expect(try await client.send(.post, "/partners/acme/replay", #"{"since":"yesterday"}"#).status == .unprocessableContent)
            }
        }
        let types = receiver.requests.map { (try? JSONValue.parse($0.body))?["event_type"]?.stringValue }
        #expect(types.last == "event.updated")
    }

    @Test("bad event input is a 4xx and queues nothing")
    func badEventInput() async throws {
        let host = try await TestHost.make(yaml: Self.yaml(partners: [("acme", "http://127.0.0.1:9/hook", "standard")]))
        try await host.application.test(.router) { client in
            let missingType = try await client.send(.post, "/partners/acme/events", #"{"data":{}}"#)
            #expect(missingType.status == .unprocessableContent)
            #expect(try await client.send(.post, "/partners/acme/events", #"{"event_type":"x","data":[1]}"#).status == .unprocessableContent)
            #expect(try await client.send(.post, "/partners/nobody/events", #"{"event_type":"x"}"#).status == .notFound)
            #expect(try await client.send(.post, "/partners/acme/events", "{").status == .badRequest)
            #expect(try await host.storage.deliveries(DeliveryQuery()).isEmpty)
        }
    }
}

extension DeliveryTests {
    @Test("graceful shutdown lets an attempt in flight finish and records it")
    func shutdownDrainsAttempts() async throws {
        try await withTemporaryDirectory { directory in
            let database = "\(directory.path)/host.sqlite"
            let receiver = WebhookReceiver { _ in .init(status: .ok, delay: .milliseconds(800)) }
            try await receiver.run { url in
                // Shutdown waits for the attempt up to the timeout: 5 s, ample for an answer 0.8 s away.
                let yaml = Self.yaml(partners: [("acme", url, "standard")])
                    .replacingOccurrences(of: #"storage: {url: "sqlite::memory:"}"#, with: "storage: {url: \"sqlite:\(database)\"}")
                    .replacingOccurrences(of: "timeout_seconds: 2}", with: "timeout_seconds: 5}")
                    + "\nserver: {port: 0}"
                let host = try await TestHost.make(yaml: yaml)
                let now = Date()
                try await host.storage.insertDeliveries([
                    Delivery(
                        id: "dlv_drain", partnerID: "acme", eventID: "evt_drain", eventType: "event.updated",
                        body: Array(#"{"event_type":"event.updated","data":{}}"#.utf8), status: .pending, nextAttemptAt: now.addingTimeInterval(-60),
                        createdAt: now, updatedAt: now)
                ])
                var logger = Logger(label: "pasarela.test")
                logger.logLevel = .critical
                let group = ServiceGroup(configuration: .init(services: [host.application], logger: logger))
                try await withThrowingTaskGroup(of: Void.self) { tasks in
                    tasks.addTask { try await group.run() }
                    #expect(try await eventually { receiver.requests.count == 1 })
                    await group.triggerGracefulShutdown()
                    try await tasks.waitForAll()
                }
            }
            let reopened = try SQLiteStorage(path: database)
            #expect(try await reopened.delivery(id: "dlv_drain")?.status == .delivered)
            #expect(try await reopened.attempts(deliveryID: "dlv_drain").map(\.statusCode) == [200])
            try await reopened.close()
        }
    }
}

extension DeliveryTests {
    @Test("during a secret rotation, outgoing standard messages carry a signature for each secret")
    func rotationSignsTwice() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { url in
            let host = try await TestHost.make(yaml: Self.yaml(partners: [("acme", url, "standard")]))
            try await host.application.test(.router) { client in
                let registered = try await client.send(.post, "/partners/register", #"{"name":"Rota","webhook_url":"\#(url)"}"#)
                let old = try #require(registered.json["shared_secret"]?.stringValue)
                let rotated = try await client.send(.post, "/partners/rota/rotate-secret")
                let new = try #require(rotated.json["shared_secret"]?.stringValue)
                let id = try await send(client, to: "rota")
                #expect(try await eventually { try await delivery(client, id)["status"]?.stringValue == "delivered" })
                let request = try #require(receiver.requests.first)
                #expect(request.headers["webhook-signature"]?.split(separator: " ").count == 2)
                for secret in [old, new] {
                    #expect(throws: Never.self) {
                        try StandardWebhooksScheme().verify(headers: request.headers, body: request.body, secrets: [secret], now: Date())
                    }
                }
            }
        }
    }
}
