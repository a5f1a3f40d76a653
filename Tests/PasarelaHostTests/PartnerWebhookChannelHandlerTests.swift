import Foundation
import Hummingbird
import HummingbirdTesting
@testable import PasarelaHost
import PasarelaKit
import PasarelaTesting
import Testing

/// The channel handler that serves partner webhooks ahead of the router, seen from a raw socket:
/// the HTTP/1.1 details a client library would hide.
@Suite("Partner webhooks on the connection: pipelining, keep-alive, limits")
struct PartnerWebhookChannelHandlerTests {
    static let yaml = PartnerWebhookTests.yaml + "\nserver: {max_body_bytes: 2048}\n"

    /// A POST of a seed-signed webhook from `findyourwork`, as raw HTTP/1.1.
    static func webhook(
        eventID: String, path: String = "/webhooks/partner/findyourwork", extraHeaders: String = "", version: String = "HTTP/1.1"
    ) throws -> String {
        let body = #"{"event_type":"service.booked_for_event","event_id":"\#(eventID)","timestamp":"\#(ISOTimestamp.format(Date()))","data":{"price":250.0}}"#
        let signature = try SeedSignatureScheme().sign(
            SignedMessage(id: "", timestamp: Date(), body: Array(body.utf8)), secrets: [PartnerWebhookTests.seedSecret])[0].value
        return "POST \(path) \(version)\r\nHost: pasarela\r\nContent-Type: application/json\r\nX-HMAC-Signature: \(signature)\r\n"
            + "\(extraHeaders)Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    static let health = "GET /healthz HTTP/1.1\r\nHost: pasarela\r\n\r\n"

    func withHost(_ body: @escaping @Sendable (_ port: Int, _ host: HostApplication) async throws -> Void) async throws {
        let host = try await TestHost.make(yaml: Self.yaml)
        try await host.application.test(.live) { client in try await body(try #require(client.port), host) }
    }

    @Test("pipelined requests are answered in order, whether the handler or the router serves each")
    func pipelining() async throws {
        try await withHost { port, host in
            try await RawHTTPConnection.with(port: port) { connection in
                try await connection.send(
                    Self.health + (try Self.webhook(eventID: "p-1")) + Self.health + (try Self.webhook(eventID: "p-1"))
                        + (try Self.webhook(eventID: "p-2")) + Self.health)
                var answers: [RawHTTPConnection.Answer] = []
                for _ in 0..<6 { answers.append(try await connection.answer()) }
                #expect(answers.map(\.status) == [200, 200, 200, 200, 200, 200])
                #expect(answers.map { JSONValue.parseOrNull($0.body)["status"]?.stringValue } == [
                    "ok", "processed", "ok", "duplicate", "processed", "ok",
                ])
                #expect(JSONValue.parseOrNull(answers[1].body)["event_id"] == JSONValue.parseOrNull(answers[3].body)["event_id"])
            }
            #expect(try await host.storage.inboxEvents(InboxQuery()).count == 2)
        }
    }

    @Test("a routed request pipelined behind a webhook reaches the router once the webhook is answered")
    func routedBehindWebhook() async throws {
        try await withHost { port, _ in
            try await RawHTTPConnection.with(port: port) { connection in
                try await connection.send((try Self.webhook(eventID: "b-1")) + Self.health)
                #expect(JSONValue.parseOrNull(try await connection.answer().body)["status"]?.stringValue == "processed")
                #expect(JSONValue.parseOrNull(try await connection.answer().body)["status"]?.stringValue == "ok")
            }
        }
    }

    @Test("a client that stops sending after its webhook still gets the answer")
    func halfClose() async throws {
        try await withHost { port, host in
            try await RawHTTPConnection.with(port: port) { connection in
                try await connection.send(try Self.webhook(eventID: "h-1"))
                connection.finishSending()
                let answer = try await connection.answer()
                #expect(answer.status == 200)
                #expect(JSONValue.parseOrNull(answer.body)["status"]?.stringValue == "processed")
            }
            #expect(try await host.storage.inboxEvents(InboxQuery()).count == 1)
        }
    }

    @Test("garbage pipelined behind a webhook is refused after the webhook's answer, not before it")
    func parseErrorBehindWebhook() async throws {
        try await withHost { port, _ in
            try await RawHTTPConnection.with(port: port) { connection in
                try await connection.send((try Self.webhook(eventID: "g-1")) + "NOT HTTP AT ALL\r\n\r\n")
                let first = try await connection.answer()
                #expect(first.status == 200)
                #expect(JSONValue.parseOrNull(first.body)["status"]?.stringValue == "processed")
                #expect(try await connection.answer().status == 400)
            }
        }
    }

    @Test(
        "SIGTERM while a webhook is half sent: the host reads it to the end, stores and answers it, then exits",
        .enabled(if: HostProcess.isBuilt || Python.required))
    func shutdownMidWebhook() async throws {
        try await withTemporaryDirectory { directory in
            let config = directory.appendingPathComponent("host.yaml")
            try """
                admin: {token: "\(TestHost.adminToken)"}
                storage: {url: "sqlite:\(directory.path)/host.sqlite"}
                partners:
                  - {id: findyourwork, webhook_url: "https://findyourwork.example/hooks", secret: "\(PartnerWebhookTests.seedSecret)", scheme: seed}
                """.write(to: config, atomically: true, encoding: .utf8)
            let port = try HostProcess.freePort()
            let host = try await HostProcess(config: config, port: port)
            let request = try Self.webhook(eventID: "t-1")
            let cut = request.index(request.endIndex, offsetBy: -12)
            try await RawHTTPConnection.with(port: port) { connection in
                try await connection.send(String(request[..<cut]))
                try await Task.sleep(for: .milliseconds(300))
                host.terminate()
                try await Task.sleep(for: .milliseconds(300))
                try await connection.send(String(request[cut...]))
                let answer = try await connection.answer()
                #expect(answer.status == 200)
                #expect(JSONValue.parseOrNull(answer.body)["status"]?.stringValue == "processed")
            }
            #expect(try await host.exits(within: .seconds(10)))
            let storage = try SQLiteStorage(path: "\(directory.path)/host.sqlite")
            #expect(try await storage.inboxEvents(InboxQuery()).map(\.partnerEventID) == ["t-1"])
            try await storage.close()
        }
    }

    @Test("a webhook pipelined behind a slow routed request is answered after it")
    func pipelinedBehindSlowRequest() async throws {
        try await withHost { port, _ in
            try await RawHTTPConnection.with(port: port) { connection in
                let payment = #"{"amount":"1.00","currency":"USD","provider":"scripted","metadata":{"delay_ms":"300"}}"#
                try await connection.send(
                    "POST /payments HTTP/1.1\r\nHost: pasarela\r\nAuthorization: Bearer \(TestHost.adminToken)\r\n"
                        + "Content-Type: application/json\r\nContent-Length: \(payment.utf8.count)\r\n\r\n\(payment)"
                        + (try Self.webhook(eventID: "s-1")))
                let first = try await connection.answer()
                #expect(first.status == 201)
                #expect(JSONValue.parseOrNull(first.body)["provider"]?.stringValue == "scripted")
                #expect(JSONValue.parseOrNull(try await connection.answer().body)["status"]?.stringValue == "processed")
            }
        }
    }

    @Test("the answer carries the usual headers, and the connection stays open for the next request")
    func keepAlive() async throws {
        try await withHost { port, _ in
            try await RawHTTPConnection.with(port: port) { connection in
                try await connection.send(try Self.webhook(eventID: "k-1", path: "/webhooks/partner/findyourwork?attempt=1"))
                let first = try await connection.answer()
                #expect(first.version == "HTTP/1.1")
                #expect(first.status == 200)
                #expect(first.headers["content-type"] == "application/json; charset=utf-8")
                #expect(first.headers["server"] == "pasarela")
                #expect(first.headers["date"]?.hasSuffix(" GMT") == true)
                #expect(first.headers["connection"] == nil)
                try await connection.send(try Self.webhook(eventID: "k-2", path: "/webhooks/partner", extraHeaders: "X-Partner-ID: findyourwork\r\n"))
                #expect(JSONValue.parseOrNull(try await connection.answer().body)["status"]?.stringValue == "processed")
            }
        }
    }

    @Test("Connection: close and HTTP/1.0 get their answer, then the connection is closed", arguments: [
        ("HTTP/1.1", "Connection: close\r\n"), ("HTTP/1.0", ""),
    ])
    func closing(version: String, header: String) async throws {
        try await withHost { port, host in
            try await RawHTTPConnection.with(port: port) { connection in
                try await connection.send(try Self.webhook(eventID: "c-1", extraHeaders: header, version: version))
                let answer = try await connection.answer()
                #expect(answer.version == version)
                #expect(answer.status == 200)
                #expect(answer.headers["connection"] == "close")
                #expect(try await connection.isClosedByServer())
            }
            #expect(try await host.storage.inboxEvents(InboxQuery()).count == 1)
        }
    }

    @Test("an HTTP/1.0 client that asks to keep the connection is told it is kept")
    func http10KeepAlive() async throws {
        try await withHost { port, host in
            try await RawHTTPConnection.with(port: port) { connection in
                for id in ["ka-1", "ka-2"] {
                    try await connection.send(try Self.webhook(eventID: id, extraHeaders: "Connection: keep-alive\r\n", version: "HTTP/1.0"))
                    let answer = try await connection.answer()
                    #expect(answer.version == "HTTP/1.0")
                    #expect(answer.headers["connection"] == "keep-alive")
                }
            }
            #expect(try await host.storage.inboxEvents(InboxQuery()).count == 2)
        }
    }

    @Test("a body over server.max_body_bytes is a 413, declared or streamed, nothing is stored, and the connection goes on")
    func bodyLimit() async throws {
        try await withHost { port, host in
            try await RawHTTPConnection.with(port: port) { connection in
                let big = String(repeating: "x", count: 3000)
                try await connection.send(
                    "POST /webhooks/partner/findyourwork HTTP/1.1\r\nHost: pasarela\r\nContent-Length: \(big.utf8.count)\r\n\r\n\(big)")
                let declared = try await connection.answer()
                #expect(declared.status == 413)
                #expect(JSONValue.parseOrNull(declared.body).errorCode == "body_too_large")
                let chunk = String(repeating: "y", count: 1500)
                try await connection.send(
                    "POST /webhooks/partner/findyourwork HTTP/1.1\r\nHost: pasarela\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "\(String(chunk.utf8.count, radix: 16))\r\n\(chunk)\r\n\(String(chunk.utf8.count, radix: 16))\r\n\(chunk)\r\n0\r\n\r\n")
                #expect(try await connection.answer().status == 413)
                try await connection.send(try Self.webhook(eventID: "l-1"))
                #expect(try await connection.answer().status == 200)
            }
            #expect(try await host.storage.inboxEvents(InboxQuery()).count == 1)
        }
    }

    @Test("a chunked webhook is read whole and verified")
    func chunked() async throws {
        try await withHost { port, _ in
            try await RawHTTPConnection.with(port: port) { connection in
                let request = try Self.webhook(eventID: "ch-1")
                let split = request.range(of: "Content-Length:")!
                let head = String(request[..<split.lowerBound])
                let body = String(request[request.range(of: "\r\n\r\n")!.upperBound...])
                let half = body.index(body.startIndex, offsetBy: body.count / 2)
                let parts = [String(body[..<half]), String(body[half...])]
                try await connection.send(
                    head + "Transfer-Encoding: chunked\r\n\r\n"
                        + parts.map { "\(String($0.utf8.count, radix: 16))\r\n\($0)\r\n" }.joined() + "0\r\n\r\n")
                let answer = try await connection.answer()
                #expect(answer.status == 200)
                #expect(JSONValue.parseOrNull(answer.body)["status"]?.stringValue == "processed")
            }
        }
    }

    @Test("a bad signature is the same 401 as through the router")
    func refusal() async throws {
        try await withHost { port, _ in
            try await RawHTTPConnection.with(port: port) { connection in
                let forged = try Self.webhook(eventID: "f-1").replacingOccurrences(of: "250.0", with: "251.0")
                try await connection.send(forged)
                let answer = try await connection.answer()
                #expect(answer.status == 401)
                #expect(JSONValue.parseOrNull(answer.body).errorCode == "invalid_signature")
            }
        }
    }

    @Test("only the webhook routes are taken; other paths and methods reach the router", arguments: [
        ("GET /webhooks/partner/findyourwork", 404), ("POST /webhooks/partnerx/findyourwork", 404),
        ("POST /webhooks/partner/Not%20A%20Slug", 401),
    ])
    func routing(requestLine: String, status: Int) async throws {
        try await withHost { port, _ in
            try await RawHTTPConnection.with(port: port) { connection in
                try await connection.send("\(requestLine) HTTP/1.1\r\nHost: pasarela\r\nContent-Length: 2\r\n\r\n{}")
                #expect(try await connection.answer().status == status)
            }
        }
    }

    @Test("the webhook receipt is compact JSON, with escapes where an id needs them")
    func receiptBody() throws {
        #expect(String(decoding: JSONBody.webhookReceiptBody(status: "processed", eventID: "evt_01"), as: UTF8.self)
            == #"{"event_id":"evt_01","status":"processed"}"#)
        let odd = try JSONValue.parse(JSONBody.webhookReceiptBody(status: "duplicate", eventID: "a\"b\\c\né"))
        #expect(odd["event_id"]?.stringValue == "a\"b\\c\né")
        #expect(odd["status"]?.stringValue == "duplicate")
    }

    @Test("the Date header is IMF-fixdate")
    func httpDate() {
        #expect(HTTPDate.format(secondsSince1970: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.format(secondsSince1970: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(secondsSince1970: 1_803_859_200) == "Mon, 01 Mar 2027 00:00:00 GMT")
    }
}

extension JSONValue {
    /// `body` parsed, or `null` when it is not JSON.
    static func parseOrNull(_ body: String) -> JSONValue {
        (try? JSONValue.parse(Array(body.utf8))) ?? .null
    }
}
