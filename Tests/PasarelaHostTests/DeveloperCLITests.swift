import Foundation
import HummingbirdTesting
@testable import PasarelaHost
import PasarelaKit
import PasarelaTesting
import Testing

/// `pasarela trigger` and `pasarela tail`, the built executable against a live host.
@Suite("Developer CLI: trigger and tail")
struct DeveloperCLITests {
    /// Runs `pasarela arguments…` against the host on `port`, with the test admin token unless `token` is given.
    static func pasarela(_ arguments: [String], port: Int, token: String = TestHost.adminToken) async throws -> ChildProcess.Result {
        try await ChildProcess.run(
            HostProcess.executable.path, arguments + ["--url", "http://127.0.0.1:\(port)", "--token", token], timeout: .seconds(30))
    }

    /// Runs `body` with a live host, the port it listens on, a partner it delivers to, and that partner's receiver.
    func withDevPartner(
        _ body: @escaping @Sendable (_ client: any TestClientProtocol, _ port: Int, _ id: String, _ receiver: WebhookReceiver) async throws -> Void
    ) async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { url in
            let host = try await TestHost.make(yaml: PartnerWebhookTests.yaml)
            try await host.application.test(.live) { client in
                let port = try #require(client.port)
                let id = try #require(
                    try await client.send(.post, "/partners/register", #"{"name":"dev","webhook_url":"\#(url)"}"#).json["partner_id"]?.stringValue)
                try await body(client, port, id, receiver)
            }
        }
    }

    @Test("trigger sends the catalog's example or the given data; unknown types, bad data and a bad token fail with a line", .enabled(if: HostProcess.isBuilt))
    func trigger() async throws {
        try await withDevPartner { client, port, id, receiver in
            let example = try await Self.pasarela(["trigger", "payment.succeeded", "--partner", id], port: port)
            #expect(example.status == 0, "\(example.errors)")
            #expect(example.output.hasPrefix("queued payment.succeeded to \(id): event evt_"))
            let given = try await Self.pasarela(["trigger", "order.created", "--partner", id, "--data", #"{"n": 7}"#], port: port)
            #expect(given.status == 0, "\(given.errors)")
            #expect(try await eventually { receiver.requests.count == 2 })
            let bodies = receiver.requests.compactMap { try? JSONValue.parse($0.body) }
            #expect(bodies.first { $0["event_type"]?.stringValue == "payment.succeeded" }?["data"]?["id"]?.stringValue == "pay_01JEXAMPLE")
            #expect(bodies.first { $0["event_type"]?.stringValue == "order.created" }?["data"] == .object(["n": .number("7")]))

            let unknown = try await Self.pasarela(["trigger", "order.created", "--partner", id], port: port)
            #expect(unknown.status == 1)
            #expect(unknown.errors.contains("the host's event catalog has no order.created; give its data with --data"))
            let badData = try await Self.pasarela(["trigger", "order.created", "--partner", id, "--data", "[1]"], port: port)
            #expect(badData.status == 1 && badData.errors.contains("--data must be a JSON object"))
            let refused = try await Self.pasarela(["trigger", "payment.succeeded", "--partner", id], port: port, token: "wrong")
            #expect(refused.status == 1 && refused.errors.contains("answered 401"), "\(refused.errors)")
            let nobody = try await Self.pasarela(["trigger", "payment.succeeded", "--partner", "nobody"], port: port)
            #expect(nobody.status == 1 && nobody.errors.contains("answered 404"), "\(nobody.errors)")
        }
    }

    @Test("tail prints a line as each delivery appears and changes, and inbound events; --json for machines", .enabled(if: HostProcess.isBuilt))
    func tail() async throws {
        try await withDevPartner { client, port, id, receiver in
            _ = try await client.send(.post, "/partners/\(id)/events", #"{"event_type":"before.tail"}"#)
            #expect(try await eventually { receiver.requests.count == 1 })
            async let lines = Self.pasarela(["tail", "--count", "1", "--interval", "0.2"], port: port)
            async let machine = Self.pasarela(["tail", "--json", "--count", "1", "--interval", "0.2"], port: port)
            try await Task.sleep(for: .milliseconds(1_500))
            let sent = try await client.send(.post, "/partners/\(id)/events", #"{"event_type":"order.created","data":{"n":1}}"#)
            let deliveryID = try #require(sent.json["delivery_id"]?.stringValue)
            let text = try await lines
            #expect(text.status == 0, "\(text.errors)")
            #expect(!text.output.contains("before.tail"), "what was there before is not shown without --from-start")
            #expect(text.output.hasPrefix("delivery \(deliveryID) order.created → \(id): "), "\(text.output)")
            let json = try JSONValue.parse(Array(try await machine.output.utf8))
            #expect(json["kind"]?.stringValue == "delivery")
            #expect(json["delivery"]?["id"]?.stringValue == deliveryID)
            let history = try await Self.pasarela(["tail", "--from-start", "--count", "2", "--interval", "0.2"], port: port)
            #expect(history.output.contains("before.tail"), "\(history.output)")
        }
    }
}
