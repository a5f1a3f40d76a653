import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import MockProvider
@testable import PasarelaHost
import PasarelaKit
import PasarelaTesting
import Testing

@Suite("Observability: /metrics after known traffic, request ids, JSON logs, readiness")
struct ObservabilityTests {
    static let requestID = HTTPField.Name("X-Request-ID")!

    /// The value of one series (`name{labels}` exactly as exposed), or `nil` when it is absent.
    static func value(_ text: String, _ series: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    func scrape(_ client: some TestClientProtocol) async throws -> String {
        let response = try await client.execute(uri: "/metrics", method: .get, headers: [:], body: nil)
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "text/plain; version=0.0.4")
        return String(decoding: response.body.readableBytesView, as: UTF8.self)
    }

    func createPayment(_ client: some TestClientProtocol, outcome: String) async throws -> (status: HTTPResponse.Status, json: JSONValue) {
        let answer = try await client.send(
            .post, "/payments", #"{"amount":"12.50","currency":"USD","metadata":{"mock_outcome":"\#(outcome)"}}"#)
        return (answer.status, answer.json)
    }

    func mockWebhook(_ client: some TestClientProtocol, clock: FakeClock, instance: String = "mock", body: String, secret: String)
        async throws -> HTTPResponse.Status
    {
        let signature = MockWebhookSignature.header(
            body: Array(body.utf8), secret: secret, timestamp: Int(clock.now().timeIntervalSince1970))
        return try await client.send(
            .post, "/webhooks/providers/\(instance)", body, headers: [.contentType: "application/json", MockSignatureHeader.name: signature]
        ).status
    }

    /// A host whose log lines (JSON, every level) are collected in `logs`.
    static func loggedHost(yaml: String, clock: FakeClock, logs: Shared<[String]>) async throws -> HostApplication {
        let configuration = try ConfigurationLoader(environment: [:]).load(yaml: yaml)
        var logger = Logger(label: "pasarela.test") { label in
            JSONLogHandler(label: label) { line in logs.update { $0.append(line) } }
        }
        logger.logLevel = .trace
        return try await buildApplication(
            configuration: configuration, registry: try ModuleRegistry([MockModule.descriptor, ScriptedProvider.descriptor]),
            clock: clock, transport: FakeTransport.unreachable(), logger: logger)
    }

    @Test("/metrics counts payments, provider calls, inbound webhooks and deliveries exactly after known traffic")
    func metricsAfterTraffic() async throws {
        let receiver = WebhookReceiver { number in .init(status: number == 0 ? .internalServerError : .ok) }
        try await receiver.run { url in
            let clock = FakeClock(now: Date())
            let host = try await TestHost.make(
                yaml: DeliveryTests.yaml(partners: [("acme", url, "standard"), ("findyourwork", url, "seed")]), clock: clock)
            try await host.application.test(.router) { client in
                try await driveKnownTraffic(client, clock: clock)

                let metrics = try await scrape(client)
                func value(_ series: String) -> Double? { Self.value(metrics, series) }

                #expect(value(#"pasarela_payments_total{instance="mock",status="succeeded"}"#) == 2)
                #expect(value(#"pasarela_payments_total{instance="mock",status="failed"}"#) == 1)
                #expect(value(#"pasarela_payments_total{instance="mock",status="pending"}"#) == 1)
                #expect(value(#"pasarela_payments_total{instance="mock",status="refunded"}"#) == 1)

                #expect(value(#"pasarela_provider_call_duration_seconds_count{instance="mock",operation="create"}"#) == 4)
                #expect(value(#"pasarela_provider_call_duration_seconds_count{instance="mock",operation="refund"}"#) == 1)
                #expect(value(#"pasarela_provider_call_duration_seconds_count{instance="mock",operation="webhook"}"#) == 3)
                #expect(value(#"pasarela_provider_call_duration_seconds_bucket{instance="mock",operation="create",le="+Inf"}"#) == 4)
                #expect(value(#"pasarela_provider_call_errors_total{instance="mock",operation="create"}"#) == 1)
                // A bad signature is the caller's fault, not a failed call.
                #expect(value(#"pasarela_provider_call_errors_total{instance="mock",operation="webhook"}"#) == nil)

                #expect(value(#"pasarela_inbound_webhooks_total{source="provider:mock",outcome="processed"}"#) == 1)
                #expect(value(#"pasarela_inbound_webhooks_total{source="provider:mock",outcome="duplicate"}"#) == 1)
                #expect(value(#"pasarela_inbound_webhooks_total{source="provider:mock",outcome="rejected"}"#) == 1)
                #expect(value(#"pasarela_inbound_webhooks_total{source="findyourwork",outcome="processed"}"#) == 1)
                #expect(value(#"pasarela_inbound_webhooks_total{source="findyourwork",outcome="duplicate"}"#) == 1)
                #expect(value(#"pasarela_inbound_webhooks_total{source="findyourwork",outcome="rejected"}"#) == 1)
                // Unknown partners and instances share one series: made-up names never become labels.
                #expect(value(#"pasarela_inbound_webhooks_total{source="unknown",outcome="rejected"}"#) == 2)
                #expect(!metrics.contains("ghost"))
                #expect(!metrics.contains("nope"))

                #expect(value(#"pasarela_deliveries_total{partner="acme",outcome="retry"}"#) == 1)
                #expect(value(#"pasarela_deliveries_total{partner="acme",outcome="delivered"}"#) == 1)
                #expect(value(#"pasarela_delivery_attempt_duration_seconds_count{partner="acme"}"#) == 2)
                #expect(value(#"pasarela_delivery_attempt_duration_seconds_bucket{partner="acme",le="+Inf"}"#) == 2)

                #expect(value("pasarela_outbox_pending") == 0)
                #expect(value("pasarela_outbox_oldest_pending_age_seconds") == 0)
                #expect(metrics.contains("# TYPE pasarela_delivery_attempt_duration_seconds histogram"))
                #expect(metrics.contains("# TYPE pasarela_inbound_webhooks_total counter"))
            }
        }
        #expect(receiver.requests.count == 2)
    }

    /// What `metricsAfterTraffic` counts: payments of each mock outcome, a refund, provider and
    /// partner webhooks (good, repeated, forged, unknown), and a delivery refused once, then taken.
    private func driveKnownTraffic(_ client: some TestClientProtocol, clock: FakeClock) async throws {
        let partnerWebhooks = PartnerWebhookTests()
        // Payments through the mock provider: one of each outcome, a refund, a webhook that settles one.
        let succeeded = try #require(try await createPayment(client, outcome: "succeed").json["id"]?.stringValue)
        #expect(try await createPayment(client, outcome: "decline").json["status"]?.stringValue == "failed")
        #expect(try await createPayment(client, outcome: "provider_error").status == .badGateway)
        let pending = try await createPayment(client, outcome: "pending").json
        let providerID = try #require(pending["provider_payment_id"]?.stringValue)
        #expect(try await client.send(.post, "/payments/\(succeeded)/refunds", "{}").status == .created)
        let settle = #"{"id":"mevt_1","provider_payment_id":"\#(providerID)","status":"succeeded"}"#
        #expect(try await mockWebhook(client, clock: clock, body: settle, secret: TestHost.webhookSecret) == .ok)
        #expect(try await mockWebhook(client, clock: clock, body: settle, secret: TestHost.webhookSecret) == .ok)
        #expect(try await mockWebhook(client, clock: clock, body: settle, secret: "wrong") == .unauthorized)
        #expect(try await mockWebhook(client, clock: clock, instance: "nope", body: settle, secret: "x") == .notFound)

        // Partner webhooks: stored, repeated, badly signed, from nobody we know.
        let body = partnerWebhooks.seedBody("fyw-evt-1")
        let hook = "/webhooks/partner/findyourwork"
        #expect(try await client.send(.post, hook, body, headers: try partnerWebhooks.seedHeaders(body)).json["status"]?.stringValue == "processed")
        #expect(try await client.send(.post, hook, body, headers: try partnerWebhooks.seedHeaders(body)).json["status"]?.stringValue == "duplicate")
        let forged = try await client.send(.post, hook, body, headers: try partnerWebhooks.seedHeaders(body, secret: "forged"))
        #expect(forged.status == .unauthorized)
        let stranger = try await client.send(.post, "/webhooks/partner/ghost", body, headers: try partnerWebhooks.seedHeaders(body))
        #expect(stranger.status == .unauthorized)

        // A delivery the receiver refuses once, then takes.
        let sent = try await client.send(
            .post, "/partners/acme/events", #"{"event_type":"event.updated","data":{"reservation_id":"RES-1"}}"#)
        let deliveryID = try #require(sent.json["delivery_id"]?.stringValue)
        #expect(
            try await eventually {
                try await client.send(.get, "/deliveries/\(deliveryID)").json["status"]?.stringValue == "delivered"
            })
    }

    @Test("partner webhooks answered by the channel handler are counted too")
    func channelHandlerCounts() async throws {
        let partnerWebhooks = PartnerWebhookTests()
        let host = try await TestHost.make(yaml: PartnerWebhookTests.yaml)
        try await host.application.test(.live) { client in
            let body = partnerWebhooks.seedBody("fyw-live-1")
            let hook = "/webhooks/partner/findyourwork"
            for _ in 0..<3 {
                _ = try await client.send(.post, hook, body, headers: try partnerWebhooks.seedHeaders(body))
            }
            _ = try await client.send(.post, hook, body, headers: try partnerWebhooks.seedHeaders(body, secret: "forged"))
            let metrics = try await scrape(client)
            #expect(Self.value(metrics, #"pasarela_inbound_webhooks_total{source="findyourwork",outcome="processed"}"#) == 1)
            #expect(Self.value(metrics, #"pasarela_inbound_webhooks_total{source="findyourwork",outcome="duplicate"}"#) == 2)
            #expect(Self.value(metrics, #"pasarela_inbound_webhooks_total{source="findyourwork",outcome="rejected"}"#) == 1)
        }
    }

    @Test("the outbox gauges count pending deliveries and the age of the oldest")
    func outboxGauges() async throws {
        let clock = FakeClock(now: Date())
        let host = try await TestHost.make(
            yaml: DeliveryTests.yaml(partners: [("later", "http://127.0.0.1:9/hook", "standard")], schedule: "[3600]"), clock: clock)
        try await host.application.test(.router) { client in
            for _ in 0..<2 {
                let sent = try await client.send(.post, "/partners/later/events", #"{"event_type":"event.updated","data":{}}"#)
                #expect(sent.status == .accepted)
            }
            clock.advance(by: 90)
            let metrics = try await scrape(client)
            #expect(Self.value(metrics, "pasarela_outbox_pending") == 2)
            // Storage keeps milliseconds.
            let age = try #require(Self.value(metrics, "pasarela_outbox_oldest_pending_age_seconds"))
            #expect(abs(age - 90) < 0.01)
        }
    }

    @Test("no secret reaches /metrics or any JSON log line, at any level")
    func noSecrets() async throws {
        let logs = Shared<[String]>([])
        let receiver = WebhookReceiver()
        let partnerWebhooks = PartnerWebhookTests()
        var secrets = [TestHost.adminToken, TestHost.webhookSecret, DeliveryTests.standardSecret, DeliveryTests.seedSecret]
        let (metrics, issued) = try await receiver.run { url in
            let clock = FakeClock(now: Date())
            let host = try await Self.loggedHost(
                yaml: DeliveryTests.yaml(partners: [("acme", url, "standard"), ("findyourwork", url, "seed")]), clock: clock, logs: logs)
            return try await host.application.test(.router) { client in
                let registered = try await client.send(
                    .post, "/partners/register", #"{"name":"Newcomer","webhook_url":"\#(url)","scheme":"standard"}"#)
                #expect(registered.status == .created)
                let secret = try #require(registered.json["shared_secret"]?.stringValue)
                let apiKey = try #require(registered.json["api_key"]?.stringValue)
                #expect(try await client.send(.get, "/partners/newcomer/status", headers: [HTTPField.Name("X-API-Key")!: apiKey]).status == .ok)
                _ = try await client.send(.get, "/partners/acme/status", headers: [HTTPField.Name("X-API-Key")!: apiKey])
                #expect(try await client.send(.get, "/payments", headers: [.authorization: "Bearer wrong-\(TestHost.adminToken)"]).status == .unauthorized)
                let body = partnerWebhooks.seedBody("fyw-secret-1")
                _ = try await client.send(.post, "/webhooks/partner/findyourwork", body, headers: try partnerWebhooks.seedHeaders(body))
                _ = try await client.send(
                    .post, "/webhooks/partner/findyourwork", body, headers: try partnerWebhooks.seedHeaders(body, secret: "forged"))
                _ = try await createPayment(client, outcome: "succeed")
                _ = try await createPayment(client, outcome: "provider_error")
                let sent = try await client.send(.post, "/partners/newcomer/events", #"{"event_type":"event.updated","data":{}}"#)
                let deliveryID = try #require(sent.json["delivery_id"]?.stringValue)
                #expect(
                    try await eventually {
                        try await client.send(.get, "/deliveries/\(deliveryID)").json["status"]?.stringValue == "delivered"
                    })
                // The attempt is logged just after it is recorded.
                #expect(try await eventually { logs.get().contains { $0.contains(#""message":"delivery attempt""#) } })
                return (try await scrape(client), [secret, apiKey])
            }
        }
        secrets += issued
        let lines = logs.get()
        #expect(!lines.isEmpty)
        for secret in secrets {
            #expect(!metrics.contains(secret))
            #expect(!lines.contains { $0.contains(secret) }, "a log line carries \(secret.prefix(4))…: \(lines.filter { $0.contains(secret) }.prefix(1))")
        }
        for line in lines {
            let json = try JSONValue.parse(Array(line.utf8))
            #expect(json["timestamp"]?.stringValue != nil && json["level"]?.stringValue != nil && json["message"]?.stringValue != nil)
        }
        #expect(lines.contains { $0.contains(#""message":"delivery attempt""#) && $0.contains(#""delivery_id":"#) && $0.contains(#""event_id":"#) })
    }

    @Test("a JSON log line has timestamp, level, label, message and metadata, and redacts credential keys")
    func jsonLogShape() throws {
        let lines = Shared<[String]>([])
        var logger = Logger(label: "pasarela.shape") { label in JSONLogHandler(label: label) { line in lines.update { $0.append(line) } } }
        logger[metadataKey: "request_id"] = "req-1"
        logger.info(
            "delivery \"attempt\"\nsecond line",
            metadata: ["event_id": "evt_1", "attempt": "\(2)", "partner": ["id": "acme"], "ids": ["a", "b"], "admin_token": "s3cret"])
        logger.debug("not at the default level")
        let line = try #require(lines.get().first)
        #expect(lines.get().count == 1)
        #expect(!line.contains("\n"))
        #expect(!line.contains("s3cret"))
        let json = try JSONValue.parse(Array(line.utf8))
        #expect(Set(json.objectValue?.keys.map { $0 } ?? []) == ["timestamp", "level", "label", "message", "metadata"])
        #expect(ISOTimestamp.parse(json["timestamp"]?.stringValue ?? "") != nil)
        #expect(json["level"]?.stringValue == "info")
        #expect(json["label"]?.stringValue == "pasarela.shape")
        #expect(json["message"]?.stringValue == "delivery \"attempt\"\nsecond line")
        let metadata = try #require(json["metadata"])
        #expect(metadata["request_id"]?.stringValue == "req-1")
        #expect(metadata["event_id"]?.stringValue == "evt_1")
        #expect(metadata["attempt"]?.stringValue == "2")
        #expect(metadata["partner"]?["id"]?.stringValue == "acme")
        #expect(metadata["ids"]?.arrayValue?.compactMap(\.stringValue) == ["a", "b"])
        #expect(metadata["admin_token"]?.stringValue == "[redacted]")
    }

    @Test("every answer carries a request id: the caller's when sane, else a new one", arguments: WebhookPath.allCases)
    func requestIDs(path: WebhookPath) async throws {
        let partnerWebhooks = PartnerWebhookTests()
        let host = try await TestHost.make(yaml: PartnerWebhookTests.yaml)
        try await host.application.test(path.setup) { client in
            let given = try await client.send(.get, "/healthz", headers: [Self.requestID: "abc-123"])
            #expect(given.headers[Self.requestID] == "abc-123")
            let odd = try await client.send(.get, "/healthz", headers: [Self.requestID: "has spaces and {braces}"])
            #expect(odd.headers[Self.requestID].map { !$0.isEmpty && $0 != "has spaces and {braces}" } == true)
            let none = try await client.send(.get, "/payments/pay_missing")
            #expect(none.status == .notFound)
            #expect(none.headers[Self.requestID]?.isEmpty == false)
            let body = partnerWebhooks.seedBody("fyw-rid-1")
            var headers = try partnerWebhooks.seedHeaders(body)
            headers[Self.requestID] = "hook-7"
            let hook = try await client.send(.post, "/webhooks/partner/findyourwork", body, headers: headers)
            #expect(hook.headers[Self.requestID] == "hook-7")
            let bare = try await client.send(.post, "/webhooks/partner/findyourwork", body, headers: try partnerWebhooks.seedHeaders(body))
            #expect(bare.headers[Self.requestID]?.isEmpty == false)
        }
    }

    @Test("pasarela serve --log-format json writes one JSON object per line, and no secret", .enabled(if: HostProcess.isBuilt))
    func serveWithJSONLogs() async throws {
        try await withTemporaryDirectory { directory in
            let config = directory.appendingPathComponent("host.yaml")
            try """
                admin: {token: "\(TestHost.adminToken)"}
                storage: {url: "sqlite:\(directory.path)/host.sqlite"}
                payments: {default: mock, instances: {mock: {module: mock, webhook_secret: "\(TestHost.webhookSecret)"}}}
                """.write(to: config, atomically: true, encoding: .utf8)
            let logPath = directory.appendingPathComponent("out.log")
            _ = FileManager.default.createFile(atPath: logPath.path, contents: nil)
            let output = try FileHandle(forWritingTo: logPath)
            let host = try await HostProcess(
                config: config, port: try HostProcess.freePort(), arguments: ["--log-format", "json"], output: output)
            let admin = [("Authorization", "Bearer \(TestHost.adminToken)"), ("Content-Type", "application/json")]
            #expect(try await host.request("POST", "/payments", body: #"{"amount":"1.00","currency":"USD"}"#, headers: admin).status == 201)
            #expect(try await host.request("GET", "/payments/pay_missing", headers: admin).status == 404)
            let metrics = try await host.request("GET", "/metrics")
            #expect(Self.value(metrics.body, #"pasarela_payments_total{instance="mock",status="succeeded"}"#) == 1)
            #expect(Self.value(metrics.body, #"pasarela_provider_call_duration_seconds_count{instance="mock",operation="create"}"#) == 1)
            host.terminate()
            #expect(try await host.exits(within: .seconds(10)))
            try output.close()
            let lines = try String(contentsOf: logPath, encoding: .utf8).split(separator: "\n").map(String.init)
            #expect(lines.contains { $0.contains(#""message":"pasarela listening""#) })
            #expect(lines.contains { $0.contains(#""message":"payment created""#) })
            for line in lines {
                let json = try JSONValue.parse(Array(line.utf8))
                #expect(Set(json.objectValue?.keys.map { $0 } ?? []) == ["timestamp", "level", "label", "message", "metadata"], "\(line)")
                #expect(!line.contains(TestHost.adminToken))
                #expect(!line.contains(TestHost.webhookSecret))
            }
        }
    }

    @Test("incoming request ids are kept only when sane; new ones are distinct")
    func requestIdentifiers() {
        #expect(RequestIdentifier.sane("a-B_9.c:d") == "a-B_9.c:d")
        #expect(RequestIdentifier.sane("") == nil)
        #expect(RequestIdentifier.sane("x y") == nil)
        #expect(RequestIdentifier.sane("x\"y") == nil)
        #expect(RequestIdentifier.sane(String(repeating: "a", count: 129)) == nil)
        let ids = (0..<1000).map { _ in RequestIdentifier.next() }
        #expect(Set(ids).count == 1000)
        #expect(ids.allSatisfy { RequestIdentifier.sane($0) == $0 && $0.count <= 25 })
    }

    @Test("the services' own log lines carry the id of the request they serve")
    func serviceLinesCarryRequestID() async throws {
        let logs = Shared<[String]>([])
        let host = try await Self.loggedHost(yaml: TestHost.defaultYAML, clock: FakeClock(now: Date()), logs: logs)
        try await host.application.test(.router) { client in
            var headers = TestHost.authorized
            headers[Self.requestID] = "pay-req-1"
            let created = try await client.send(.post, "/payments", #"{"amount": "5.00", "currency": "USD"}"#, headers: headers)
            #expect(created.status == .created)
        }
        let line = try #require(logs.get().first { $0.contains("payment created") })
        #expect(try JSONValue.parse(Array(line.utf8))["metadata"]?["request_id"]?.stringValue == "pay-req-1")
        // Work no request started (the delivery worker, the inbox dispatcher) carries none.
        #expect(logs.get().filter { $0.contains("delivery worker stopped") }.allSatisfy { !$0.contains("request_id") })
    }

    @Test("/readyz answers 503 once storage is unreachable, and its log line carries the request id")
    func readinessWithoutStorage() async throws {
        let logs = Shared<[String]>([])
        let host = try await Self.loggedHost(yaml: TestHost.defaultYAML, clock: FakeClock(now: Date()), logs: logs)
        try await host.application.test(.router) { client in
            #expect(try await client.send(.get, "/readyz", headers: [:]).status == .ok)
            try await host.storage.close()
            let answer = try await client.send(.get, "/readyz", headers: [Self.requestID: "ready-1"])
            #expect(answer.status == .serviceUnavailable)
            #expect(answer.json.errorCode == "not_ready")
            #expect(answer.headers[Self.requestID] == "ready-1")
            #expect(try await client.send(.get, "/healthz", headers: [:]).status == .ok)
        }
        let warning = try #require(logs.get().first { $0.contains("storage is not reachable") })
        let json = try JSONValue.parse(Array(warning.utf8))
        #expect(json["metadata"]?["request_id"]?.stringValue == "ready-1")
        #expect(json["level"]?.stringValue == "warning")
    }
}
