import Foundation
import PasarelaHost
import PasarelaKit
import Testing

extension StorageSuite {
    /// Status, runs of failures, delivery controls and send slots, as the worker and the API use them.
    static func partnerControls(_ storage: any PasarelaStorage) async throws {
        let now = Date(timeIntervalSince1970: 1_767_225_600)
        var paced = Partner(
            id: "paced", name: "Paced", webhookURL: "https://p.example/h", scheme: "standard", secret: "s", origin: .api, createdAt: now,
            updatedAt: now)
        paced.rateLimitPerSecond = 4
        paced.ordering = .fifo
        paced.eventBus = true
        try await storage.insertPartner(paced)
        let stored = try #require(try await storage.partner(id: "paced"))
        #expect(stored.rateLimitPerSecond == 4 && stored.ordering == .fifo && stored.eventBus && stored.status == .enabled)

        // A run of failures: begun by the first, disabling once it is old enough, exactly once.
        #expect(try await storage.notePartnerFailure(id: "paced", at: now, disableIfFailingSince: now.addingTimeInterval(-60), reason: "r", announcements: []) == false)
        #expect(try await storage.partner(id: "paced")?.failingSince == now)
        let later = now.addingTimeInterval(120)
        let notice = Delivery(
            id: "dlv_notice", partnerID: "ops", eventID: "evt_notice", eventType: "partner.disabled", body: Array("{}".utf8),
            status: .pending, nextAttemptAt: later, createdAt: later, updatedAt: later)
        let cutoff = later.addingTimeInterval(-60)
        #expect(try await storage.notePartnerFailure(id: "paced", at: later, disableIfFailingSince: cutoff, reason: "down", announcements: [notice]))
        #expect(try await storage.delivery(id: "dlv_notice")?.eventType == "partner.disabled", "stored with the disable")
        var again = notice
        again.id = "dlv_notice_2"
        #expect(try await storage.notePartnerFailure(id: "paced", at: later, disableIfFailingSince: cutoff, reason: "down", announcements: [again]) == false)
        #expect(try await storage.delivery(id: "dlv_notice_2") == nil, "no notice without a disable")
        #expect(try await storage.partner(id: "paced")?.disabledReason == "down")
        #expect(try await storage.deliveryControls() == DeliveryControls(disabled: ["paced"], inOrder: ["paced"], rates: ["paced": 4]))
        #expect(try await storage.setPartnerStatus(id: "paced", status: .enabled, reason: nil))
        let enabled = try #require(try await storage.partner(id: "paced"))
        #expect(enabled.status == .enabled && enabled.disabledReason == nil && enabled.failingSince == nil)
        _ = try await storage.notePartnerFailure(id: "paced", at: later, disableIfFailingSince: nil, reason: "r", announcements: [])
        try await storage.notePartnerSuccess(id: "paced")
        #expect(try await storage.partner(id: "paced")?.failingSince == nil)
        #expect(try await storage.setPartnerStatus(id: "nobody", status: .disabled, reason: "x") == false)

        // Send slots a quarter second apart, whoever asks and whenever.
        let first = try await storage.reserveSendSlot(partnerID: "paced", spacing: 0.25, now: now)
        let second = try await storage.reserveSendSlot(partnerID: "paced", spacing: 0.25, now: now)
        let third = try await storage.reserveSendSlot(partnerID: "paced", spacing: 0.25, now: now.addingTimeInterval(0.1))
        #expect(first == now && second == now.addingTimeInterval(0.25) && third == now.addingTimeInterval(0.5))
        #expect(try await storage.reserveSendSlot(partnerID: "paced", spacing: 0.25, now: now.addingTimeInterval(10)) == now.addingTimeInterval(10))
        try await orderedClaims(storage, now: now)
    }

    /// The oldest pending delivery goes first, and only while none of the partner's is in flight;
    /// the ordinary claim never takes a fifo partner's.
    private static func orderedClaims(_ storage: any PasarelaStorage, now: Date) async throws {
        let deliveries = (1...3).map { n in
            Delivery(
                id: "dlv_o\(n)", partnerID: "paced", eventID: "evt_o\(n)", eventType: "order.created", body: Array("{}".utf8),
                status: .pending, nextAttemptAt: now, createdAt: now.addingTimeInterval(Double(n)), updatedAt: now)
        }
        try await storage.insertDeliveries(deliveries.reversed())
        let lease = now.addingTimeInterval(30)
        #expect(try await storage.claimDueDeliveries(now: now, leaseUntil: lease, limit: 10, perPartner: 10, inFlight: [:]).isEmpty)
        #expect(try await storage.claimNextInOrder(partnerID: "paced", now: now, leaseUntil: lease)?.id == "dlv_o1")
        #expect(try await storage.claimNextInOrder(partnerID: "paced", now: now, leaseUntil: lease) == nil, "one in flight")
        // Retried later: it holds its place, and the later ones wait.
        var retried = try #require(try await storage.delivery(id: "dlv_o1"))
        retried.nextAttemptAt = now.addingTimeInterval(60)
        retried.attemptCount = 1
        let attempt = DeliveryAttempt(deliveryID: "dlv_o1", at: now, statusCode: 503, durationMilliseconds: 5, error: nil, responseBody: nil)
        #expect(try await storage.recordAttempts([RecordedAttempt(attempt: attempt, delivery: retried)]) == [true])
        #expect(try await storage.claimNextInOrder(partnerID: "paced", now: now.addingTimeInterval(1), leaseUntil: lease) == nil)
        #expect(try await storage.claimNextInOrder(partnerID: "paced", now: now.addingTimeInterval(61), leaseUntil: lease.addingTimeInterval(61))?.id == "dlv_o1")
    }
}
