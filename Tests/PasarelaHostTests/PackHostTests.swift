import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PasarelaHost
import PasarelaKit
import PasarelaTesting
import Testing

/// How the host runs packs: routes, commits, the inbox and payments.
@Suite("Packs in the host")
struct PackHostTests {
    /// Deliveries to the partners' unreachable URLs give up within a second, so shutdown is quick.
    static let yaml = PartnerWebhookTests.yaml.replacingOccurrences(
        of: "delivery: {allow_private_networks: true}", with: "delivery: {allow_private_networks: true, timeout_seconds: 1, lease_seconds: 2}"
    ) + """

        packs: [ledger]
        """

    private func host(_ yaml: String = Self.yaml) async throws -> HostApplication {
        try await TestHost.make(yaml: yaml, modules: [LedgerPack.descriptor])
    }

    private func deliveries(_ client: some TestClientProtocol) async throws -> [JSONValue] {
        try await client.send(.get, "/deliveries").json["data"]?.arrayValue ?? []
    }

    @Test("a route's writes and emitted events are committed together, as an outbox delivery in the partner's envelope")
    func routeCommits() async throws {
        try await host().application.test(.router) { client in
            let created = try await client.send(.post, "/ledger/entries", #"{"key": "k1", "notify": "acme"}"#)
            #expect(created.status == .created)
            #expect(try await client.send(.get, "/ledger/entries").json["data"] == .array([.object(["key": .string("k1"), "notify": .string("acme")])]))
            let queued = try await deliveries(client)
            #expect(queued.count == 1)
            #expect(queued.first?["partner_id"]?.stringValue == "acme")
            #expect(queued.first?["event_type"]?.stringValue == "ledger.recorded")
            let id = try #require(queued.first?["id"]?.stringValue)
            let payload = try await client.send(.get, "/deliveries/\(id)").json["payload"]
            #expect(payload?["source"]?.stringValue == "chuwue-grill")
            #expect(payload?["data"] == .object(["key": .string("k1")]))
        }
    }

    @Test("a route that fails after writing, or emits to an unknown partner, leaves nothing behind")
    func routeRollsBack() async throws {
        try await host().application.test(.router) { client in
            let failed = try await client.send(.post, "/ledger/entries", #"{"key": "k1", "notify": "acme", "fail": true}"#)
            #expect(failed.status == .unprocessableContent)
            #expect(failed.json.errorMessage == "fail: asked to fail after writing")
            let unknown = try await client.send(.post, "/ledger/entries", #"{"key": "k2", "notify": "nobody"}"#)
            #expect(unknown.status == .conflict)
            #expect(unknown.json.errorMessage?.contains("no partner nobody") == true)
            let malformed = try await client.send(.post, "/ledger/entries", #"{"key": "#)
            #expect(malformed.status == .badRequest)
            #expect(try await client.send(.get, "/ledger/entries").json["data"] == .array([]))
            #expect(try await deliveries(client).isEmpty)
        }
    }

    @Test("pack routes need the admin token; an admin-or-partner route also takes that partner's key, and only its")
    func routeAccess() async throws {
        try await host().application.test(.router) { client in
            #expect(try await client.send(.get, "/ledger/entries", headers: [:]).status == .unauthorized)
            let registered = try await client.send(
                .post, "/partners/register", #"{"name": "Other", "webhook_url": "https://other.example/hooks"}"#)
            let otherKey = try #require(registered.json["api_key"]?.stringValue)
            let asOther: HTTPFields = [HTTPField.Name("X-API-Key")!: otherKey]
            #expect(try await client.send(.get, "/ledger/audit/x", headers: asOther).status == .notFound)
            #expect(try await client.send(.get, "/ledger/entries", headers: asOther).status == .unauthorized)
            #expect(try await client.send(.get, "/ledger/audit/x").json == .object(["partner": .string("x")]))
        }
        let auditedByOther = Self.yaml.replacingOccurrences(of: "packs: [ledger]", with: "packs: [{module: ledger, auditor: other}]")
        try await host(auditedByOther).application.test(.router) { client in
            let registered = try await client.send(
                .post, "/partners/register", #"{"name": "Other", "webhook_url": "https://other.example/hooks"}"#)
            let asOther: HTTPFields = [HTTPField.Name("X-API-Key")!: try #require(registered.json["api_key"]?.stringValue)]
            #expect(try await client.send(.get, "/ledger/audit/y", headers: asOther).json == .object(["partner": .string("y")]))
        }
    }

    @Test("pack routes are matched ahead of the host's, without hiding the host's routes at the same place")
    func routesBesideTheHosts() async throws {
        try await host().application.test(.router) { client in
            let packRoute = try await client.send(.get, "/partners/acme/ledger")
            #expect(packRoute.json == .object(["partner": .string("acme")]))
            #expect(try await client.send(.get, "/partners/acme").json["partner_id"]?.stringValue == "acme")
            #expect(try await client.send(.get, "/partners/acme/status").json["partner_id"]?.stringValue == "acme")
            #expect(try await client.send(.patch, "/partners/acme", #"{"name": "Acme"}"#).status == .conflict)
            #expect(try await client.send(.get, "/ledger/nothing-here").status == .notFound)
        }
    }

    @Test("path parameters are percent-decoded; a body over the limit is a 413 and changes nothing")
    func parametersAndLimits() async throws {
        let small = Self.yaml + "\nserver: {max_body_bytes: 64}\n"
        try await host(small).application.test(.router) { client in
            #expect(try await client.send(.post, "/ledger/entries", #"{"key": "RES 2026/ñ"}"#).status == .created)
            #expect(try await client.send(.get, "/ledger/entries/RES%202026%2F%C3%B1").json["key"]?.stringValue == "RES 2026/ñ")
            let big = #"{"key": "k", "notify": "acme", "padding": "\#(String(repeating: "x", count: 100))"}"#
            let refused = try await client.send(.post, "/ledger/entries", big)
            #expect(refused.status == .contentTooLarge)
            #expect(try await client.send(.get, "/ledger/entries").json["data"]?.arrayValue?.count == 1)
        }
    }

    @Test("a pack's calls run one at a time: concurrent read-then-write calls lose no update")
    func oneCallAtATime() async throws {
        try await host().application.test(.router) { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        let answer = try await client.send(.post, "/ledger/counter")
                        #expect(answer.status == .ok)
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await client.send(.post, "/ledger/counter").json == .number("21"))
        }
    }

    @Test("a partner webhook reaches the pack once; its emitted event is queued, and the run shows at /events", arguments: WebhookPath.allCases)
    func inboundEvents(path: WebhookPath) async throws {
        let test = PartnerWebhookTests()
        try await host().application.test(path.setup) { client in
            // The seed scheme wants a fresh timestamp in every payload.
            let body = #"{"event_type": "ledger.entry", "source": "findyourwork", "event_id": "e-1", "timestamp": "\#(ISOTimestamp.format(Date()))", "data": {"key": "from-partner", "notify": "acme"}}"#
            let first = try await client.send(.post, "/webhooks/partner/findyourwork", body, headers: try test.seedHeaders(body))
            let id = try #require(first.json["event_id"]?.stringValue)
            #expect(try await eventually { try await client.send(.get, "/events/\(id)").json["status"]?.stringValue == "processed" })
            let run = try await client.send(.get, "/events/\(id)").json["handlers"]?.arrayValue?.first
            #expect(run?["handler"]?.stringValue == "ledger")
            #expect(run?["status"]?.stringValue == "succeeded")
            #expect(try await client.send(.post, "/webhooks/partner/findyourwork", body, headers: try test.seedHeaders(body)).json["status"]?.stringValue == "duplicate")
            let entries = try await client.send(.get, "/ledger/entries").json["data"]?.arrayValue ?? []
            #expect(entries.map { $0["key"]?.stringValue } == ["from-partner"])
            #expect(try await eventually { try await deliveries(client).count == 1 })
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await deliveries(client).count == 1)
        }
    }

    @Test("a payment that succeeds at once, as through the mock, is handed to the packs with its metadata")
    func paymentEvents() async throws {
        try await host().application.test(.router) { client in
            let created = try await client.send(
                .post, "/payments", #"{"amount": "1250.00", "currency": "USD", "metadata": {"reservation_id": "RES-2026-001"}}"#)
            let paymentID = try #require(created.json["id"]?.stringValue)
            #expect(created.json["status"]?.stringValue == "succeeded")
            let events = try await client.send(.get, "/events").json["data"]?.arrayValue ?? []
            let handover = try #require(events.first { $0["event_type"]?.stringValue == "payment.succeeded" })
            let id = try #require(handover["id"]?.stringValue)
            #expect(try await eventually { try await client.send(.get, "/events/\(id)").json["status"]?.stringValue == "processed" })
            let seen = try await client.send(.get, "/ledger/payments/\(paymentID)").json
            #expect(seen == .object([
                "payment_id": .string(paymentID), "amount": .string("1250.00"), "reservation_id": .string("RES-2026-001"),
                "source": .string("payments:mock"),
            ]))
        }
    }
}

@Suite("Pack configuration")
struct PackConfigurationTests {
    private func startupError(_ packs: String, modules: [ModuleDescriptor] = [LedgerPack.descriptor]) async -> String? {
        do {
            _ = try await TestHost.make(yaml: TestHost.defaultYAML + "\npacks: \(packs)\n", modules: modules)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test("an unknown pack, a provider named as a pack, a bad option and a pack listed twice stop startup, naming the key")
    func refusals() async throws {
        #expect(await startupError("[ledgr]")?.contains("packs.ledgr.module: unknown module 'ledgr'") == true)
        #expect(await startupError("[mock]")?.contains("'mock' is a provider module, not a pack") == true)
        #expect(await startupError("[{module: ledger, auditor: [a, b]}]")?.contains("packs.ledger.auditor: expected string") == true)
        #expect(await startupError("[{module: ledger, colour: red}]")?.contains("packs.ledger.colour: unknown option") == true)
        #expect(await startupError("[ledger, ledger]")?.contains("packs[1]: 'ledger' is listed twice") == true)
    }

    @Test("two packs serving one method and path are refused")
    func routeConflict() async throws {
        let twin = ModuleDescriptor(
            name: "twin", version: "1.0.0", summary: "the same routes", options: [OptionSpec(name: "auditor", type: .string)],
            factory: .pack { _, _ in LedgerPack(auditor: "acme") })
        #expect(await startupError("[ledger, twin]", modules: [LedgerPack.descriptor, twin])?.contains("ledger and twin both serve GET /ledger/entries") == true)
    }
}
