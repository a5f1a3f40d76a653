import Foundation
import Hummingbird
import HummingbirdTesting
@testable import PasarelaHost
import PasarelaKit
import Testing

/// Clients that are slow or greedy on purpose, on real sockets: they must not hold a connection
/// or the host's memory for longer than the limits say.
@Suite("Slow and greedy clients")
struct SlowClientTests {
    static func withHost(
        server: String, _ body: @escaping @Sendable (_ port: Int, _ host: HostApplication) async throws -> Void
    ) async throws {
        let host = try await TestHost.make(yaml: PartnerWebhookTests.yaml + "\nserver: {\(server)}\n")
        try await host.application.test(.live) { client in try await body(try #require(client.port), host) }
    }

    /// How long `body` took.
    static func timed(_ body: () async throws -> Void) async rethrows -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        try await body()
        return clock.now - start
    }

    @Test("a head that never ends is closed after the read timeout, with a 408")
    func trickledHead() async throws {
        try await Self.withHost(server: "read_timeout_seconds: 2") { port, _ in
            try await RawHTTPConnection.with(port: port) { connection in
                let took = try await Self.timed {
                    // Half a head, then a header line a moment later: still no whole head to decode.
                    try await connection.send("POST /webhooks/partner/findyourwork HTTP/1.1\r\nHost: pasarela\r\n")
                    try await Task.sleep(for: .milliseconds(300))
                    try await connection.send("X-Slow: 1\r\n")
                    let answer = try await connection.answer()
                    #expect(answer.status == 408)
                    #expect(JSONValue.parseOrNull(answer.body).errorCode == "request_timeout")
                    #expect(try await connection.isClosedByServer())
                }
                #expect(took < .seconds(8))
            }
        }
    }

    @Test("a body that stops half-way is closed after the read timeout, on the webhook lane and the router alike")
    func stalledBody() async throws {
        try await Self.withHost(server: "read_timeout_seconds: 1") { port, _ in
            for path in ["/webhooks/partner/findyourwork", "/payments"] {
                try await RawHTTPConnection.with(port: port) { connection in
                    try await connection.send(
                        "POST \(path) HTTP/1.1\r\nHost: pasarela\r\nAuthorization: Bearer \(TestHost.adminToken)\r\n"
                            + "Content-Length: 100\r\n\r\n{\"event_type\":")
                    let answer = try await connection.answer()
                    #expect(answer.status == 408, "\(path)")
                    #expect(try await connection.isClosedByServer())
                }
            }
        }
    }

    @Test("an idle keep-alive connection is closed after the idle timeout; a busy one is not")
    func idleConnection() async throws {
        // Generous: under the whole suite a sleeping test task may wake seconds late.
        try await Self.withHost(server: "idle_timeout_seconds: 2") { port, _ in
            try await RawHTTPConnection.with(port: port) { connection in
                // Requests 0.3 s apart keep it open past the idle timeout (within the test connection's 10 s).
                for _ in 0..<8 {
                    try await connection.send(PartnerWebhookChannelHandlerTests.health)
                    #expect(try await connection.answer().status == 200)
                    try await Task.sleep(for: .milliseconds(300))
                }
                let start = ContinuousClock.now
                #expect(try await connection.isClosedByServer())
                #expect(ContinuousClock.now - start < .seconds(5))
            }
        }
    }

    @Test("past max_connections a new connection waits, and is served once another closes")
    func connectionCap() async throws {
        // Three: the test client of `.live` keeps a connection of its own open throughout.
        try await Self.withHost(server: "max_connections: 3") { port, _ in
            // Its first connection, a probe that the server is up, closes a moment after the start.
            try await Task.sleep(for: .milliseconds(300))
            let answered = Shared(false)
            try await RawHTTPConnection.with(port: port) { first in
                try await first.send(PartnerWebhookChannelHandlerTests.health)
                #expect(try await first.answer().status == 200)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    try await RawHTTPConnection.with(port: port) { second in
                        try await second.send(PartnerWebhookChannelHandlerTests.health)
                        #expect(try await second.answer().status == 200)
                        group.addTask {
                            try await RawHTTPConnection.with(port: port) { third in
                                try await third.send(PartnerWebhookChannelHandlerTests.health)
                                #expect(try await third.answer().status == 200)
                                answered.update { $0 = true }
                            }
                        }
                        try await Task.sleep(for: .milliseconds(700))
                        #expect(!answered.get(), "the third connection was served while two were open")
                    }
                    // The second connection is closed now: the third is served.
                    try await group.waitForAll()
                }
            }
            #expect(answered.get())
        }
    }

    @Test("bodies held by many connections at once are bounded as a whole: past the budget a request is refused with 503")
    func bodyBudget() async throws {
        try await Self.withHost(server: "max_body_bytes: 1000, max_pending_body_bytes: 4000, read_timeout_seconds: 2") { port, _ in
            let head = "POST /webhooks/partner/findyourwork HTTP/1.1\r\nHost: pasarela\r\nContent-Length: 1000\r\n\r\n"
            let part = String(repeating: "x", count: 900)
            let statuses = Shared<[Int]>([])
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await RawHTTPConnection.with(port: port) { connection in
                            try await connection.send(head + part)
                            // Refused at once (503), or held until the read timeout (408).
                            let status = try await connection.answer().status
                            statuses.update { $0.append(status) }
                        }
                    }
                }
                try await group.waitForAll()
            }
            // 4,000 bytes hold at most four 900-byte bodies; the others are refused.
            #expect(statuses.get().count == 8)
            #expect(statuses.get().filter { $0 == 408 }.count <= 4)
            #expect(statuses.get().filter { $0 == 503 }.count >= 4)
            #expect(statuses.get().allSatisfy { $0 == 408 || $0 == 503 })
            // Everything held was given back when those connections closed.
            try await RawHTTPConnection.with(port: port) { connection in
                try await connection.send(try PartnerWebhookChannelHandlerTests.webhook(eventID: "after-budget"))
                #expect(try await connection.answer().status == 200)
            }
        }
    }

    @Test("bodies stalled part-way leave a quarter of the budget to ordinary webhooks")
    func budgetReserve() async throws {
        try await Self.withHost(server: "max_body_bytes: 65536, max_pending_body_bytes: 65536, read_timeout_seconds: 3") { port, _ in
            let head = "POST /webhooks/partner/findyourwork HTTP/1.1\r\nHost: pasarela\r\nContent-Length: 60000\r\n\r\n"
            let part = String(repeating: "x", count: 32_768)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        try await RawHTTPConnection.with(port: port) { connection in
                            try await connection.send(head + part)
                            _ = try? await connection.answer()  // 503 at once, or 408 at the read timeout
                        }
                    }
                    try await Task.sleep(for: .milliseconds(200))
                }
                // Two of these bodies would fill the whole budget; past their first 16 KiB they may
                // take only three quarters of it, so a small webhook still fits beside them.
                try await RawHTTPConnection.with(port: port) { connection in
                    try await connection.send(try PartnerWebhookChannelHandlerTests.webhook(eventID: "beside-stalled"))
                    #expect(try await connection.answer().status == 200)
                }
                try await group.waitForAll()
            }
        }
    }
}
