import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PasarelaBench
import PasarelaHost
import PasarelaKit
import PasarelaTesting
import Testing

/// The two ways a partner webhook is served: by the channel handler ahead of the router, which is
/// what a real connection gets, and by the router's own route, which serves webhooks pipelined
/// behind a routed request.
enum WebhookPath: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case channelHandler
    case router

    var setup: TestingSetup { self == .router ? .router : .live }
    var testDescription: String { rawValue }
}

@Suite("Partner webhooks: inbound, partners API, events")
struct PartnerWebhookTests {
    static let seedSecret = "shared_secret_chuwue_findyourwork"
    static let standardSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let yaml = TestHost.defaultYAML + """

        identity: chuwue-grill
        delivery: {allow_private_networks: true}
        partners:
          - {id: findyourwork, webhook_url: "http://127.0.0.1:8010/webhooks/partner/chuwue-grill", secret: "\(seedSecret)", scheme: seed}
          - {id: acme, name: Acme, webhook_url: "https://acme.example/hooks", secret: "\(standardSecret)"}
        """

    /// ``yaml`` with `settings` added to its `delivery` mapping.
    static func yaml(delivery settings: String) -> String {
        yaml.replacingOccurrences(of: "delivery: {allow_private_networks: true}", with: "delivery: {allow_private_networks: true, \(settings)}")
    }

    func seedBody(_ eventID: String? = nil, timestamp: Date = Date()) -> String {
        let id = eventID.map { #","event_id":"\#($0)""# } ?? ""
        return #"{"event_type": "service.booked_for_event", "timestamp": "\#(ISOTimestamp.format(timestamp))", "source": "findyourwork"\#(id), "data": {"external_event_id": "RES-2026-001", "price": 250.0, "service_name": "DJ Profesional"}}"#
    }

    func seedHeaders(_ body: String, secret: String = seedSecret, partner: String? = nil) throws -> HTTPFields {
        let signature = try SeedSignatureScheme().sign(SignedMessage(id: "", timestamp: Date(), body: Array(body.utf8)), secrets: [secret])
        var headers: HTTPFields = [.contentType: "application/json", HTTPField.Name("X-HMAC-Signature")!: signature[0].value]
        if let partner { headers[HTTPField.Name("X-Partner-ID")!] = partner }
        return headers
    }

    func standardHeaders(_ body: String, id: String, at time: Date, secret: String = standardSecret) throws -> HTTPFields {
        var headers: HTTPFields = [.contentType: "application/json"]
        for header in try StandardWebhooksScheme().sign(SignedMessage(id: id, timestamp: time, body: Array(body.utf8)), secrets: [secret]) {
            headers[HTTPField.Name(header.name)!] = header.value
        }
        return headers
    }

    @Test("an event id or type with a NUL character is refused with 422 and nothing is stored", arguments: WebhookPath.allCases)
    func nulInIdentifiers(path: WebhookPath) async throws {
        let host = try await TestHost.make(yaml: Self.yaml)
        try await host.application.test(path.setup) { client in
            for body in [
                #"{"event_type": "service.confirmed", "event_id": "a\u0000b", "data": {}}"#, #"{"event_type": "service\u0000x", "data": {}}"#,
            ] {
                let answer = try await client.send(
                    .post, "/webhooks/partner/acme", body, headers: try standardHeaders(body, id: "msg_\(UUID().uuidString)", at: Date()))
                #expect(answer.status == .unprocessableContent)
                #expect(answer.json.errorMessage == "event_type and event_id must not contain NUL characters")
            }
            #expect(try await client.send(.get, "/events").json["data"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test("a seed-signed webhook is stored, answered processed, and a repeat is a duplicate with the first id", arguments: WebhookPath.allCases)
    func seedInbound(path: WebhookPath) async throws {
        let host = try await TestHost.make(yaml: Self.yaml)
        try await host.application.test(path.setup) { client in
            let body = seedBody()
            let first = try await client.send(.post, "/webhooks/partner/findyourwork", body, headers: try seedHeaders(body))
            #expect(first.status == .ok)
            #expect(first.json["status"]?.stringValue == "processed")
            let id = try #require(first.json["event_id"]?.stringValue)
            let again = try await client.send(.post, "/webhooks/partner/findyourwork", body, headers: try seedHeaders(body))
            #expect(again.json["status"]?.stringValue == "duplicate")
            #expect(again.json["event_id"]?.stringValue == id)
            let viaHeader = try await client.send(.post, "/webhooks/partner/", body, headers: try seedHeaders(body, partner: "findyourwork"))
            #expect(viaHeader.json["status"]?.stringValue == "duplicate")
            let event = try await client.send(.get, "/events/\(id)")
            #expect(event.json["source"]?.stringValue == "findyourwork")
            #expect(event.json["event_type"]?.stringValue == "service.booked_for_event")
            #expect(event.json["payload"]?["data"]?["price"]?.numberText == "250.0")
            #expect(try await host.storage.inboxEvents(InboxQuery()).count == 1)
        }
    }

    @Test("unknown partners, bad, missing and stale signatures are the same 401, and nothing is stored", arguments: WebhookPath.allCases)
    func refusals(path: WebhookPath) async throws {
        let host = try await TestHost.make(yaml: Self.yaml)
        try await host.application.test(path.setup) { client in
            let body = seedBody()
            var tampered = body
            tampered = tampered.replacingOccurrences(of: "250.0", with: "251.0")
            // Far outside the 300 s tolerance: the host's clock is frozen at its start, which a loaded machine may put well before now.
            let stale = seedBody(timestamp: Date().addingTimeInterval(-2_000))
            let attempts: [(String, String, HTTPFields)] = [
                ("/webhooks/partner/nobody", body, try seedHeaders(body)),
                ("/webhooks/partner/findyourwork", body, try seedHeaders(body, secret: "wrong")),
                ("/webhooks/partner/findyourwork", tampered, try seedHeaders(body)),
                ("/webhooks/partner/findyourwork", body, [.contentType: "application/json"]),
                ("/webhooks/partner/findyourwork", stale, try seedHeaders(stale)),
                ("/webhooks/partner/", body, try seedHeaders(body)),
                ("/webhooks/partner/acme", body, try standardHeaders(body, id: "msg_1", at: Date().addingTimeInterval(-2_000))),
                ("/webhooks/partner/acme", body, try standardHeaders(body, id: "msg_1", at: Date().addingTimeInterval(2_000))),
            ]
            var messages: Set<String> = []
            for (uri, payload, headers) in attempts {
                let answer = try await client.send(.post, uri, payload, headers: headers)
                #expect(answer.status == .unauthorized, "\(uri)")
                #expect(answer.json.errorCode == "invalid_signature")
                messages.insert(answer.json.errorMessage ?? "")
            }
            #expect(messages.count == 1)
            #expect(try await host.storage.inboxEvents(InboxQuery()).isEmpty)
        }
    }

    @Test("standard webhooks deduplicate on webhook-id; seed ones on event_id or the payload", arguments: WebhookPath.allCases)
    func deduplication(path: WebhookPath) async throws {
        let host = try await TestHost.make(yaml: Self.yaml)
        try await host.application.test(path.setup) { client in
            let body = #"{"event_type":"payment.success","data":{"amount":"12.50"}}"#
            let one = try await client.send(.post, "/webhooks/partner/acme", body, headers: try standardHeaders(body, id: "msg_1", at: Date()))
            let two = try await client.send(.post, "/webhooks/partner/acme", body, headers: try standardHeaders(body, id: "msg_2", at: Date()))
            let oneAgain = try await client.send(.post, "/webhooks/partner/acme", body, headers: try standardHeaders(body, id: "msg_1", at: Date()))
            #expect(one.json["status"]?.stringValue == "processed")
            #expect(two.json["status"]?.stringValue == "processed")
            #expect(oneAgain.json["status"]?.stringValue == "duplicate")
            #expect(oneAgain.json["event_id"] == one.json["event_id"])
            let withID = seedBody("evt_partner_1")
            let laterWithSameID = seedBody("evt_partner_1", timestamp: Date().addingTimeInterval(5))
            #expect(try await client.send(.post, "/webhooks/partner/findyourwork", withID, headers: try seedHeaders(withID)).json["status"]?.stringValue == "processed")
            #expect(try await client.send(.post, "/webhooks/partner/findyourwork", laterWithSameID, headers: try seedHeaders(laterWithSameID)).json["status"]?.stringValue == "duplicate")
            let listed = try await client.send(.get, "/events?source=acme")
            #expect(listed.json["data"]?.arrayValue?.count == 2)
            #expect(try await client.send(.get, "/events?event_type=service.booked_for_event").json["data"]?.arrayValue?.count == 1)
            #expect(try await client.send(.get, "/events/evt_missing").status == .notFound)
            #expect(try await client.send(.get, "/events", headers: [:]).status == .unauthorized)
        }
    }

    @Test("a Standard Webhooks payload's own `type` names the event when there is no `event_type`", arguments: WebhookPath.allCases)
    func standardType(path: WebhookPath) async throws {
        let host = try await TestHost.make(yaml: Self.yaml)
        try await host.application.test(path.setup) { client in
            let body = #"{"type":"invoice.paid","timestamp":"2026-02-15T19:00:00Z","data":{"id":"inv_1"}}"#
            let answer = try await client.send(.post, "/webhooks/partner/acme", body, headers: try standardHeaders(body, id: "msg_t", at: Date()))
            let id = try #require(answer.json["event_id"]?.stringValue)
            #expect(try await client.send(.get, "/events/\(id)").json["event_type"]?.stringValue == "invoice.paid")
        }
    }

    @Test("a verified body that is not a JSON object is a 4xx and is not stored", arguments: WebhookPath.allCases)
    func verifiedButNotJSON(path: WebhookPath) async throws {
        let host = try await TestHost.make(yaml: Self.yaml)
        try await host.application.test(path.setup) { client in
            let list = "[1,2,3]"
            let answer = try await client.send(.post, "/webhooks/partner/acme", list, headers: try standardHeaders(list, id: "msg_x", at: Date()))
            #expect(answer.status == .unprocessableContent)
            #expect(try await host.storage.inboxEvents(InboxQuery()).isEmpty)
        }
    }

    @Test("register, read without secrets, change, rotate with a grace period, delete")
    func partnersAPI() async throws {
        let clock = FakeClock(now: Date())
        let host = try await TestHost.make(yaml: Self.yaml, clock: clock)
        try await host.application.test(.router) { client in
            let registered = try await client.send(
                .post, "/partners/register",
                #"{"name":"Find Your Wörk","webhook_url":"http://127.0.0.1:9/hook","contact_email":"dev@fyw.example","events":["event.updated"]}"#)
            #expect(registered.status == .created)
            #expect(registered.json["partner_id"]?.stringValue == "find-your-work")
            #expect(registered.json["scheme"]?.stringValue == "standard")
            let secret = try #require(registered.json["shared_secret"]?.stringValue)
            #expect(secret.hasPrefix("whsec_"))
            #expect(registered.json["api_key"]?.stringValue?.hasPrefix("pak_") == true)
            let read = try await client.send(.get, "/partners/find-your-work")
            #expect(read.json["shared_secret"] == nil)
            #expect(read.json["api_key"] == nil)
            #expect(!read.json.serialized().contains(secret))
            #expect(try await client.send(.get, "/partners").json["data"]?.arrayValue?.count == 3)
            let taken = try await client.send(.post, "/partners/register", #"{"name":"x","partner_id":"find-your-work","webhook_url":"https://x.example"}"#)
            #expect(taken.status == .conflict)
            let patched = try await client.send(.patch, "/partners/find-your-work", #"{"webhook_url":"https://fyw.example/hooks"}"#)
            #expect(patched.json["webhook_url"]?.stringValue == "https://fyw.example/hooks")

            let body = #"{"event_type":"service.confirmed","data":{}}"#
            let rotated = try await client.send(.post, "/partners/find-your-work/rotate-secret", #"{"grace_period_seconds":3600}"#)
            let newSecret = try #require(rotated.json["shared_secret"]?.stringValue)
            #expect(newSecret != secret)
            let oldStillWorks = try await client.send(
                .post, "/webhooks/partner/find-your-work", body, headers: try standardHeaders(body, id: "m1", at: clock.now(), secret: secret))
            #expect(oldStillWorks.status == .ok)
            clock.advance(by: 3601)
            let oldExpired = try await client.send(
                .post, "/webhooks/partner/find-your-work", body, headers: try standardHeaders(body, id: "m2", at: clock.now(), secret: secret))
            #expect(oldExpired.status == .unauthorized)
            let newWorks = try await client.send(
                .post, "/webhooks/partner/find-your-work", body, headers: try standardHeaders(body, id: "m3", at: clock.now(), secret: newSecret))
            #expect(newWorks.status == .ok)

            #expect(try await client.send(.delete, "/partners/findyourwork").status == .conflict)
            #expect(try await client.send(.delete, "/partners/find-your-work").status == .noContent)
            #expect(try await client.send(.get, "/partners/find-your-work").status == .notFound)
        }
    }

    @Test(
        "registration input is checked",
        arguments: [
            (#"{"webhook_url":"https://x.example"}"#, "name"),
            (#"{"name":"x"}"#, "webhook_url"),
            (#"{"name":"x","webhook_url":"ftp://x.example"}"#, "http"),
            (#"{"name":"x","webhook_url":"https://x.example","scheme":"md5"}"#, "scheme"),
            (#"{"name":"x","webhook_url":"https://x.example","partner_id":"Bad Id"}"#, "partner_id"),
            (#"{"name":"x","webhook_url":"https://x.example","partner_id":"acme\u0663"}"#, "partner_id"),
            (#"{"name":"x","webhook_url":"https://x.example","events":"all"}"#, "events"),
        ])
    func registrationInput(body: String, field: String) async throws {
        let host = try await TestHost.make(yaml: Self.yaml)
        try await host.application.test(.router) { client in
            let answer = try await client.send(.post, "/partners/register", body)
            #expect(answer.status == .unprocessableContent)
            #expect(answer.json.errorMessage?.contains(field) == true, "\(answer.json.errorMessage ?? "")")
        }
    }

    @Test("private webhook URLs are refused unless delivery.allow_private_networks is set")
    func privateNetworks() async throws {
        let host = try await TestHost.make(resolver: WebhookURLPolicyTests.resolver(["partner.example": ["203.0.113.10"]]))
        try await host.application.test(.router) { client in
            for url in [
                "http://127.0.0.1:8010/x", "http://localhost/x", "http://10.1.2.3/x", "http://192.168.0.9/x", "http://169.254.169.254/x",
                "http://[::1]/x", "http://127.1/x", "http://2130706433/x", "http://0x7f.0.0.1/x", "http://[0:0:0:0:0:0:0:1]/x",
                "http://[::ffff:127.0.0.1]/x", "http://100.64.0.1/x", "http://[fd00::1]/x", "http://0.0.0.0/x",
            ] {
                let answer = try await client.send(.post, "/partners/register", #"{"name":"x","webhook_url":"\#(url)"}"#)
                #expect(answer.status == .unprocessableContent, "\(url)")
            }
            #expect(try await client.send(.post, "/partners/register", #"{"name":"x","webhook_url":"https://partner.example/x"}"#).status == .created)
        }
    }

    @Test("the seed's own Python partner code is accepted unchanged over real HTTP", .enabled(if: Python.has("requests") || Python.required))
    func seedPythonPartner() async throws {
        let host = try await TestHost.make(yaml: Self.yaml)
        try await host.application.test(.live) { client in
            let port = try #require(client.port)
            for url in ["http://127.0.0.1:\(port)/webhooks/partner/findyourwork", "http://127.0.0.1:\(port)/webhooks/partner/"] {
                let lines = try await Python.partners.script("seed_partner.py", [url, Self.seedSecret, "findyourwork"])
                #expect(lines.first == "200", "\(lines)")
                let answer = try JSONValue.parse(lines.dropFirst().joined())
                #expect(answer["status"]?.stringValue == "processed")
            }
            let wrong = try await Python.partners.script("seed_partner.py", ["http://127.0.0.1:\(port)/webhooks/partner/findyourwork", "not-the-secret", "findyourwork"])
            #expect(wrong.first == "401")
            let stored = try await host.storage.inboxEvents(InboxQuery(.init(partnerID: "findyourwork")))
            #expect(stored.count == 2)
            #expect(try JSONValue.parse(stored[0].body)["data"]?["notes"]?.stringValue == "María García pidió música latina 🎉")
        }
    }

    @Test("the standardwebhooks Python package's signatures are accepted; stale and future ones refused", .enabled(if: Python.has("standardwebhooks") || Python.required))
    func standardPythonPartner() async throws {
        let host = try await TestHost.make(yaml: Self.yaml)
        try await host.application.test(.live) { client in
            let url = "http://127.0.0.1:\(try #require(client.port))/webhooks/partner/acme"
            let body = #"{"event_type":"payment.success","data":{"reservation_id":"RES-2026-001","amount":"250.00"}}"#
            let now = Int(Date().timeIntervalSince1970)
            let fresh = try await Python.partners.script("standard_partner.py", ["post", url, Self.standardSecret, "msg_py_1", String(now), body])
            #expect(fresh.first == "200", "\(fresh)")
            for offset in [-400, 400] {
                let refused = try await Python.partners.script("standard_partner.py", ["post", url, Self.standardSecret, "msg_py_\(offset)", String(now + offset), body])
                #expect(refused.first == "401", "\(offset): \(refused)")
            }
        }
        let message = SignedMessage(id: "msg_out_1", timestamp: Date(), body: Array(#"{"event_type":"event.updated","data":{"changes":{"guests":60}}}"#.utf8))
        let headers = try StandardWebhooksScheme().sign(message, secrets: [Self.standardSecret])
        let verdict = try await Python.partners.script(
            "standard_partner.py",
            ["verify", Self.standardSecret, String(decoding: message.body, as: UTF8.self), headers[0].value, headers[1].value, headers[2].value])
        #expect(verdict.first == "valid", "\(verdict)")
        let tampered = try await Python.partners.script(
            "standard_partner.py", ["verify", Self.standardSecret, "{}", headers[0].value, headers[1].value, headers[2].value])
        #expect(tampered.first?.hasPrefix("invalid") == true)
    }
}

extension PartnerWebhookTests {
    @Test("with secrets.key, partner secrets are encrypted at rest and still verify; without the key they cannot be read")
    func secretsAtRest() async throws {
        try await withTemporaryDirectory { directory in
            let storageLine = "storage: {url: \"sqlite:\(directory.path)/host.sqlite\"}"
            let yaml = Self.yaml.replacingOccurrences(of: #"storage: {url: "sqlite::memory:"}"#, with: storageLine)
                + "\nsecrets: {key: \"a-long-secrets-key-for-tests\"}"
            let host = try await TestHost.make(yaml: yaml)
            try await host.application.test(.router) { client in
                let registered = try await client.send(.post, "/partners/register", #"{"name":"Vault","webhook_url":"https://vault.example/h"}"#)
                let secret = try #require(registered.json["shared_secret"]?.stringValue)
                let stored = try #require(try await host.storage.partner(id: "vault"))
                #expect(stored.secret.hasPrefix("enc:v2:"))
                #expect(!stored.secret.contains(secret))
                let configured = try #require(try await host.storage.partner(id: "findyourwork"))
                #expect(configured.secret.hasPrefix("enc:v2:"))
                let body = seedBody()
                #expect(try await client.send(.post, "/webhooks/partner/findyourwork", body, headers: try seedHeaders(body)).status == .ok)
                let standardBody = #"{"event_type":"x"}"#
                let answer = try await client.send(
                    .post, "/webhooks/partner/vault", standardBody, headers: try standardHeaders(standardBody, id: "v1", at: Date(), secret: secret))
                #expect(answer.status == .ok)
            }
            let withoutKey = yaml.replacingOccurrences(of: "\nsecrets: {key: \"a-long-secrets-key-for-tests\"}", with: "")
            await #expect(throws: ConfigurationError.self) { _ = try await TestHost.make(yaml: withoutKey) }
            let wrongKey = withoutKey + "\nsecrets: {key: \"another-key-entirely-here\"}"
            await #expect(throws: ConfigurationError.self) { _ = try await TestHost.make(yaml: wrongKey) }
        }
    }
}

extension PartnerWebhookTests {
    @Test("pasarela bench sends distinct signed webhooks that a host accepts and stores", arguments: ["standard", "seed"])
    func benchmarkTool(scheme: String) async throws {
        let host = try await TestHost.make(yaml: Self.yaml)
        try await host.application.test(.live) { client in
            let partner = scheme == "seed" ? "findyourwork" : "acme"
            let report = try await WebhookBenchmark.run(
                .init(
                    url: "http://127.0.0.1:\(try #require(client.port))/webhooks/partner/\(partner)", scheme: scheme,
                    secret: scheme == "seed" ? Self.seedSecret : Self.standardSecret, partnerID: partner, requests: 300, connections: 6))
            #expect(report.statuses == [200: 300])
            #expect(report.failures == 0)
            #expect(report.p50 > 0 && report.p50 <= report.p99 && report.p99 <= report.maximum)
            let json = try OutboundBenchmarkTests.object(report.json(label: scheme))
            #expect(json["kind"] as? String == "webhooks" && json["label"] as? String == scheme && json["scheme"] as? String == scheme)
            #expect(json["connections"] as? Int == 6 && json["requests"] as? Int == 300 && json["statuses"] as? [String: Int] == ["200": 300])
            #expect(json["p99_ms"] as? Double == report.p99 && abs((json["requests_per_second"] as? Double ?? 0) - report.requestsPerSecond) < 0.01)
            let all = try await host.storage.inboxEvents(InboxQuery(.init(partnerID: partner), limit: 1000))
            #expect(all.count == 300)
            #expect(Set(all.map(\.dedupeKey)).count == 300)
        }
    }
}

extension PartnerWebhookTests {
    @Test("partners removed from the file are removed at the next start; a malformed standard secret stops startup")
    func configuredPartnersFollowTheFile() async throws {
        try await withTemporaryDirectory { directory in
            let yaml = Self.yaml.replacingOccurrences(
                of: #"storage: {url: "sqlite::memory:"}"#, with: "storage: {url: \"sqlite:\(directory.path)/host.sqlite\"}")
            let first = try await TestHost.make(yaml: yaml)
            try await first.application.test(.router) { _ in }
            let withoutAcme = yaml.components(separatedBy: "\n").filter { !$0.contains("id: acme") }.joined(separator: "\n")
            let second = try await TestHost.make(yaml: withoutAcme)
            try await second.application.test(.router) { client in
                let removed = try await client.send(.get, "/partners/acme")
                let kept = try await client.send(.get, "/partners/findyourwork")
                #expect(removed.status == .notFound)
                #expect(kept.status == .ok)
            }
            let badSecret = yaml.replacingOccurrences(of: Self.standardSecret, with: "not-base64!")
            let error = await #expect(throws: ConfigurationError.self) { _ = try await TestHost.make(yaml: badSecret) }
            #expect(error?.key == "partners.acme.secret")
        }
    }
}
