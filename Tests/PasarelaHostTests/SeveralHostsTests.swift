import Foundation
@testable import PasarelaHost
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
                // Slow answers until the kill, so that a host has attempts in flight when it is killed.
                let slow = Shared(true)
                let receiver = WebhookReceiver { _ in .init(status: .ok, delay: .milliseconds(slow.get() ? 150 : 2)) }
                try await receiver.run { url in
                    func config(_ identity: String) throws -> URL {
                        try Self.config(identity, in: directory, database: databaseURL, receiver: url)
                    }
                    // Both start at once: migrations and the config's partners must not trip over each other.
                    async let firstHost = HostProcess(config: try config("host-a"), port: try HostProcess.freePort())
                    async let secondHost = HostProcess(config: try config("host-b"), port: try HostProcess.freePort())
                    let first = try await firstHost
                    defer { first.kill() }
                    let second = try await secondHost
                    defer { second.kill() }
                    let admin = [("Authorization", "Bearer \(TestHost.adminToken)"), ("Content-Type", "application/json")]

                    // Queue the events through both hosts, eight at a time, while both deliver.
                    let queued = try await Self.queueEvents(through: first, and: second, admin: admin)
                    #expect(queued.count == Self.events)

                    // Kill the first host the moment one of its attempts reaches the receiver: that one,
                    // at least, is in flight, and its claim must pass to the second host.
                    func sentBy(_ identity: String) -> [String] {
                        receiver.requests.filter { $0.headers["x-partner-id"] == identity }.compactMap { $0.headers["webhook-id"] }
                    }
                    let seenBefore = sentBy("host-a").count
                    #expect(try await eventually(timeout: .seconds(20)) { sentBy("host-a").count > seenBefore })
                    first.kill()
                    slow.update { $0 = false }
                    let inFlight = Set(sentBy("host-a").suffix(1))
                    let killedAt = receiver.requests.count
                    #expect(killedAt < Self.events, "every event was delivered before the kill; nothing was tested")

                    let expected = Set(queued)
                    let allArrived = try await eventually(timeout: .seconds(60)) {
                        Set(receiver.requests.compactMap { $0.headers["webhook-id"] }).isSuperset(of: expected)
                    }
                    #expect(allArrived, "some events never arrived")
                    // An event can arrive before its delivery is recorded: the killed host's attempt in
                    // flight stays pending until its lease runs out and the other host sends it again.
                    try await Self.expectNothingLeft(on: second, admin: admin)

                    // At least once: an event arrives twice only if the killed host had it in flight
                    // (at most `perPartner` at a time for one partner).
                    let arrivals = receiver.requests.compactMap { $0.headers["webhook-id"] }
                    let duplicates = arrivals.count - Set(arrivals).count
                    #expect(duplicates <= DeliveryWorker.Settings.defaultPerPartner)
                    #expect(Set(sentBy("host-b")).isSuperset(of: inFlight), "the killed host's attempt in flight was not sent again")
                    print(
                        "several hosts: \(Self.events) events, \(killedAt) arrived before the kill (\(sentBy("host-a").count) from the killed host), "
                            + "\(duplicates) arrived twice")
                }
            }
        }
    }

    /// A host's config: the two differ only in identity, so the receiver can tell which host sent what.
    static func config(_ identity: String, in directory: URL, database: String, receiver url: String) throws -> URL {
        let file = directory.appendingPathComponent("\(identity).yaml")
        try """
            identity: \(identity)
            admin: {token: "\(TestHost.adminToken)"}
            storage: {url: "\(database)"}
            delivery: {allow_private_networks: true, schedule: [0, 1, 1, 1, 1, 1, 1, 1, 1, 1], timeout_seconds: 1, lease_seconds: 2}
            partners:
              - {id: acme, webhook_url: "\(url)", secret: "\(secret)", scheme: standard}
            """.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Queues ``events`` events through both hosts, eight at a time; returns their event ids.
    static func queueEvents(through first: HostProcess, and second: HostProcess, admin: [(String, String)]) async throws -> [String] {
        let queued = Shared<[String]>([])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<8 {
                group.addTask {
                    for number in stride(from: lane, to: events, by: 8) {
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
        return queued.get()
    }

    /// Every delivery ended delivered: none left pending (the killed host's lease runs out first), none dead.
    static func expectNothingLeft(on host: HostProcess, admin: [(String, String)]) async throws {
        let nothingPending = try await eventually(timeout: .seconds(30)) {
            let pending = try await host.request("GET", "/deliveries?status=pending&limit=1", headers: admin)
            return try JSONValue.parse(Array(pending.body.utf8))["data"]?.arrayValue?.isEmpty == true
        }
        #expect(nothingPending, "deliveries were left pending")
        let dead = try await host.request("GET", "/deliveries?status=dead&limit=1", headers: admin)
        #expect(try JSONValue.parse(Array(dead.body.utf8))["data"]?.arrayValue?.isEmpty == true)
    }
}
