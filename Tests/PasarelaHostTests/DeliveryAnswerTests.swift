import Foundation
import Logging
@testable import PasarelaHost
import PasarelaKit
import Testing

/// Partner answers that a backend cannot store as they came: NUL bytes (PostgreSQL's `text`
/// refuses them) and invalid UTF-8. A delivered event must stay delivered, sent once.
@Suite("Partner answers with NUL and invalid bytes")
struct DeliveryAnswerTests {
    /// `ok`, two NULs, an invalid UTF-8 byte and `done`.
    static let answer: [UInt8] = Array("ok".utf8) + [0, 0, 0xFF] + Array("done".utf8)
    static let stored = "ok\u{FFFD}\u{FFFD}\u{FFFD}done"

    /// Delivers one event to a receiver that answers 200 with ``answer``, on the storage at `storageURL`.
    static func deliverOnce(storageURL: String) async throws {
        let receiver = WebhookReceiver { _ in .init(status: .ok, body: answer) }
        try await receiver.run { url in
            let yaml = DeliveryTests.yaml(partners: [("acme", url, "standard")])
                .replacingOccurrences(of: #"storage: {url: "sqlite::memory:"}"#, with: #"storage: {url: "\#(storageURL)"}"#)
                .replacingOccurrences(of: "timeout_seconds: 2}", with: "timeout_seconds: 2, lease_seconds: 3}")
            let host = try await TestHost.make(yaml: yaml)
            try await host.application.test(.router) { client in
                let id = try await DeliveryTests().send(client, to: "acme")
                #expect(try await eventually { try await DeliveryTests().delivery(client, id)["status"]?.stringValue == "delivered" })
                // Longer than the lease: a delivery left leased would be sent again by now.
                try await Task.sleep(for: .seconds(4))
                let final = try await DeliveryTests().delivery(client, id)
                #expect(final["status"]?.stringValue == "delivered")
                #expect(final["attempts"]?.arrayValue?.map { $0["response_body"]?.stringValue } == [stored])
            }
            try? await host.storage.close()
        }
        #expect(receiver.requests.count == 1)
    }

    @Test("SQLite: the answer is stored with U+FFFD for NUL and invalid bytes; the event is sent once")
    func sqlite() async throws {
        try await withTemporaryDirectory { directory in
            try await Self.deliverOnce(storageURL: "sqlite:\(directory.path)/host.sqlite")
        }
    }

    @Test(
        "PostgreSQL: the answer is stored with U+FFFD for NUL and invalid bytes; the event is sent once",
        .enabled(if: PostgresTestDatabase.isAvailable))
    func postgres() async throws {
        try await PostgresTestDatabase.withSchema { url in try await Self.deliverOnce(storageURL: url) }
    }

    @Test(
        "PostgreSQL: an attempt whose answer cannot be stored is recorded without it, the others of its batch as they are, and all are delivered",
        .enabled(if: PostgresTestDatabase.isAvailable))
    func recordWithoutAnswer() async throws {
        try await PostgresTestDatabase.withStorage { storage in
            let now = Date()
            let pending = ["dlv_nul", "dlv_fine"].map { id in
                Delivery(
                    id: id, partnerID: "acme", eventID: "evt_\(id)", eventType: "event.updated", body: Array("{}".utf8),
                    status: .pending, nextAttemptAt: now, createdAt: now, updatedAt: now)
            }
            try await storage.insertDeliveries(pending)
            let claimed = try await storage.claimDueDeliveries(
                now: now, leaseUntil: now.addingTimeInterval(30), limit: 2, perPartner: 2, inFlight: [:])
            #expect(claimed.count == 2)
            let records = claimed.map { claimed in
                var delivery = claimed
                delivery.status = .delivered
                delivery.attemptCount = 1
                delivery.nextAttemptAt = nil
                // Not through storableText: a NUL the database refuses.
                let answer = delivery.id == "dlv_nul" ? "ok\0" : "ok"
                let attempt = DeliveryAttempt(
                    deliveryID: delivery.id, at: now, statusCode: 200, durationMilliseconds: 5, error: nil, responseBody: answer)
                return RecordedAttempt(attempt: attempt, delivery: delivery)
            }
            var logger = Logger(label: "pasarela.test")
            logger.logLevel = .critical
            await DeliveryWorker.record(records, in: storage, logger: logger)
            for id in ["dlv_nul", "dlv_fine"] {
                #expect(try await storage.delivery(id: id)?.status == .delivered)
                #expect(try await storage.attempts(deliveryID: id).map(\.statusCode) == [200])
            }
            let refused = try #require(try await storage.attempts(deliveryID: "dlv_nul").first)
            #expect(refused.responseBody == nil)
            #expect(refused.error == "the answer's body could not be stored")
            #expect(try await storage.attempts(deliveryID: "dlv_fine").first?.responseBody == "ok")
        }
    }
}
