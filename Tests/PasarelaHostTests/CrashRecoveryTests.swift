import Foundation
import PasarelaKit
import PasarelaTesting
import Testing

@Suite("Crash recovery (kill -9)")
struct CrashRecoveryTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    @Test(
        "after kill -9, every acknowledged inbound webhook is in the inbox and every stored outgoing event is delivered",
        .enabled(if: HostProcess.isBuilt || Python.required))
    func killNine() async throws {
        try await withTemporaryDirectory { directory in
            let receiverUp = Shared(false)
            let receiver = WebhookReceiver { _ in .init(status: receiverUp.get() ? .ok : .serviceUnavailable) }
            try await receiver.run { url in
                let config = directory.appendingPathComponent("host.yaml")
                try """
                    identity: chuwue-grill
                    admin: {token: "\(TestHost.adminToken)"}
                    storage: {url: "sqlite:\(directory.path)/host.sqlite"}
                    delivery: {allow_private_networks: true, schedule: [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], timeout_seconds: 1, lease_seconds: 2}
                    partners:
                      - {id: acme, webhook_url: "\(url)", secret: "\(Self.secret)", scheme: standard}
                    """.write(to: config, atomically: true, encoding: .utf8)
                let port = try HostProcess.freePort()
                let host = try await HostProcess(config: config, port: port)
                let admin = [("Authorization", "Bearer \(TestHost.adminToken)"), ("Content-Type", "application/json")]

                // Post inbound webhooks and queue outgoing events until the host is killed part-way.
                let acknowledgedInbound = Shared<[String]>([])
                let acceptedOutbound = Shared<[String]>([])
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for lane in 0..<4 {
                        group.addTask {
                            try await Self.load(host, lane: lane, admin: admin, inbound: acknowledgedInbound, outbound: acceptedOutbound)
                        }
                    }
                    group.addTask {
                        // Long enough for a loaded machine (the whole suite runs at once) to acknowledge a few dozen.
                        try await Task.sleep(for: .milliseconds(3000))
                        host.kill()
                    }
                    try await group.waitForAll()
                }
                let inbound = acknowledgedInbound.get()
                let outbound = acceptedOutbound.get()
                #expect(inbound.count > 20, "the host acknowledged too few webhooks before the kill to test anything")
                #expect(outbound.count > 5)

                receiverUp.update { $0 = true }
                let restarted = try await HostProcess(config: config, port: port)
                defer { restarted.kill() }
                for id in inbound {
                    let answer = try await restarted.request("GET", "/events/\(id)", headers: admin)
                    #expect(answer.status == 200, "acknowledged webhook \(id) is missing after the crash")
                }
                let delivered = try await eventually(timeout: .seconds(30)) {
                    for id in outbound {
                        let answer = try await restarted.request("GET", "/deliveries/\(id)", headers: admin)
                        guard try JSONValue.parse(answer.body)["status"]?.stringValue == "delivered" else { return false }
                    }
                    return true
                }
                #expect(delivered, "not every stored outgoing event was delivered after the restart")
                print("crash recovery: \(inbound.count) inbound acknowledged, \(outbound.count) outgoing stored, all recovered")
            }
        }
    }

    /// One lane of load until the host stops answering: signed inbound webhooks, and every fourth
    /// time an outgoing event; what the host acknowledged is noted in `inbound` and `outbound`.
    static func load(
        _ host: HostProcess, lane: Int, admin: [(String, String)], inbound: Shared<[String]>, outbound: Shared<[String]>
    ) async throws {
        for number in 0..<10_000 {
            let body = #"{"event_type":"service.confirmed","data":{"lane":\#(lane),"n":\#(number)}}"#
            let headers = try StandardWebhooksScheme().sign(
                SignedMessage(id: "msg_\(lane)_\(number)", timestamp: Date(), body: Array(body.utf8)), secrets: [secret])
            guard let answer = try? await host.request(
                "POST", "/webhooks/partner/acme", body: body, headers: headers.map { ($0.name, $0.value) } + [("Content-Type", "application/json")])
            else { return }
            if answer.status == 200, let id = try? JSONValue.parse(answer.body)["event_id"]?.stringValue {
                inbound.update { $0.append(id) }
            }
            if number % 4 == 0,
                let queued = try? await host.request(
                    "POST", "/partners/acme/events", body: #"{"event_type":"event.updated","data":{"n":\#(number)}}"#, headers: admin),
                queued.status == 202, let id = try? JSONValue.parse(queued.body)["delivery_id"]?.stringValue
            {
                outbound.update { $0.append(id) }
            }
        }
    }
}
