import Foundation
import PasarelaKit
import PasarelaTesting
import Testing

/// Several `pasarela serve` processes on one PostgreSQL database, as behind a load balancer.
@Suite("Several hosts on one PostgreSQL database")
struct SeveralHostsTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let events = 2_000

    @Test(
        "two hosts deliver 2,000 events from one outbox; one is killed part-way; every event arrives, twice only if it was in flight",
        .enabled(if: PostgresTestDatabase.isAvailable && (HostProcess.isBuilt || Python.required)))
    func twoHostsOneDatabase() async throws {
        try await PostgresTestDatabase.withSchema { databaseURL in
            try await withTemporaryDirectory { directory in
                let receiver = WebhookReceiver { _ in .init(status: .ok, delay: .milliseconds(2)) }
                try await receiver.run { url in
                    let config = directory.appendingPathComponent("host.yaml")
                    try """
                        identity: chuwue-grill
                        admin: {token: "\(TestHost.adminToken)"}
                        storage: {url: "\(databaseURL)"}
                        delivery: {allow_private_networks: true, schedule: [0, 1, 1, 1, 1, 1, 1, 1, 1, 1], timeout_seconds: 1, lease_seconds: 2}
                        partners:
                          - {id: acme, webhook_url: "\(url)", secret: "\(Self.secret)", scheme: standard}
                        """.write(to: config, atomically: true, encoding: .utf8)
                    let first = try await HostProcess(config: config, port: try HostProcess.freePort())
                    defer { first.kill() }
                    let second = try await HostProcess(config: config, port: try HostProcess.freePort())
                    defer { second.kill() }
                    let admin = [("Authorization", "Bearer \(TestHost.adminToken)"), ("Content-Type", "application/json")]

                    // Queue the events through both hosts, eight at a time, while both deliver.
                    let queued = Shared<[String]>([])
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for lane in 0..<8 {
                            group.addTask {
                                for number in stride(from: lane, to: Self.events, by: 8) {
                                    let host = number.isMultiple(of: 2) ? first : second
                                    let answer = try await host.request(
                                        "POST", "/partners/acme/events", body: #"{"event_type": "event.updated", "data": {"n": \#(number)}}"#,
                                        headers: admin)
                                    #expect(answer.status == 202)
                                    if let id = try JSONValue.parse(Array(answer.body.utf8))["event_id"]?.stringValue {
                                        queued.update { $0.append(id) }
                                    }
                                }
                            }
                        }
                        try await group.waitForAll()
                    }
                    #expect(queued.get().count == Self.events)

                    // Kill the first host while deliveries are still going out.
                    let killedAt = receiver.requests.count
                    first.kill()
                    #expect(killedAt < Self.events, "every event was delivered before the kill; nothing was tested")

                    let expected = Set(queued.get())
                    let allArrived = try await eventually(timeout: .seconds(60)) {
                        Set(receiver.requests.compactMap { $0.headers["webhook-id"] }).isSuperset(of: expected)
                    }
                    #expect(allArrived, "some events never arrived")
                    let pending = try await second.request("GET", "/deliveries?status=pending&limit=1", headers: admin)
                    #expect(try JSONValue.parse(Array(pending.body.utf8))["data"]?.arrayValue?.isEmpty == true)
                    let dead = try await second.request("GET", "/deliveries?status=dead&limit=1", headers: admin)
                    #expect(try JSONValue.parse(Array(dead.body.utf8))["data"]?.arrayValue?.isEmpty == true)

                    // At least once: an event arrives twice only if the killed host had it in flight
                    // (at most `perPartner`, 4, at a time for one partner).
                    let arrivals = receiver.requests.compactMap { $0.headers["webhook-id"] }
                    let duplicates = arrivals.count - Set(arrivals).count
                    #expect(duplicates <= 4)
                    print("several hosts: \(Self.events) events, \(killedAt) delivered before the kill, \(duplicates) delivered twice")
                }
            }
        }
    }
}
