import Foundation
import PasarelaHost
import PasarelaKit
import Testing

/// The behaviour every storage backend must have. Each backend's test calls these with a fresh store.
enum StorageSuite {
    static func payment(_ id: String, status: PaymentStatus = .succeeded, instance: String = "mock", minor: Int64 = 1250) -> Payment {
        let now = Date(timeIntervalSince1970: 1_767_225_600.123456)
        return Payment(
            id: id, instance: instance, providerPaymentID: "prov_\(id)", status: status, amount: Money(minor: minor, currency: .usd),
            description: "Cena", metadata: ["reservation_id": "RES-1", "ñ": "ü"], customer: Customer(email: "a@b.c", name: "María"),
            providerStatus: status.rawValue, createdAt: now, updatedAt: now)
    }

    static func event(_ id: String, payment: String, status: PaymentStatus, previous: PaymentStatus?) -> PaymentEventRecord {
        PaymentEventRecord(
            id: id, paymentID: payment, type: status.eventType, status: status, previousStatus: previous, source: .api,
            occurredAt: Date(timeIntervalSince1970: 1_767_225_601))
    }

    static func paymentsRoundTrip(_ storage: any PasarelaStorage) async throws {
        let original = payment("pay_1")
        try await storage.insertPayment(original, events: [event("evt_1", payment: "pay_1", status: .succeeded, previous: nil)], inbox: [])
        #expect(try await storage.payment(id: "pay_1") == original)
        #expect(try await storage.payment(instance: "mock", providerPaymentID: "prov_pay_1") == original)
        #expect(try await storage.payment(instance: "other", providerPaymentID: "prov_pay_1") == nil)
        #expect(try await storage.payment(id: "pay_2") == nil)

        var refunded = original
        refunded.status = .partiallyRefunded
        refunded.refundedMinor = 250
        refunded.updatedAt = original.updatedAt.addingTimeInterval(5)
        let refund = Refund(
            id: "re_1", paymentID: "pay_1", providerRefundID: "prov_re_1", amount: Money(minor: 250, currency: .usd),
            status: .succeeded, reason: "requested", createdAt: refunded.updatedAt)
        try await storage.updatePayment(
            refunded, refund: refund, events: [event("evt_2", payment: "pay_1", status: .partiallyRefunded, previous: .succeeded)], inbox: [])
        #expect(try await storage.payment(id: "pay_1") == refunded)
        #expect(try await storage.refunds(paymentID: "pay_1") == [refund])
        let events = try await storage.paymentEvents(paymentID: "pay_1")
        #expect(events.map(\.id) == ["evt_1", "evt_2"])
        #expect(events.last?.previousStatus == .succeeded)
    }

    static func duplicateProviderIDsAreRefused(_ storage: any PasarelaStorage) async throws {
        try await storage.insertPayment(payment("pay_1"), events: [], inbox: [])
        var twin = payment("pay_2")
        twin.providerPaymentID = "prov_pay_1"
        await #expect(throws: (any Error).self) {
            try await storage.insertPayment(twin, events: [event("evt_x", payment: "pay_2", status: .succeeded, previous: nil)], inbox: [])
        }
        #expect(try await storage.payment(id: "pay_2") == nil)
        #expect(try await storage.paymentEvents(paymentID: "pay_2").isEmpty)
    }

    static func listing(_ storage: any PasarelaStorage) async throws {
        for index in 1...5 {
            try await storage.insertPayment(payment("pay_\(index)", status: index.isMultiple(of: 2) ? .failed : .succeeded), events: [], inbox: [])
        }
        #expect(try await storage.payments(PaymentQuery(limit: 3)).map(\.id) == ["pay_5", "pay_4", "pay_3"])
        #expect(try await storage.payments(PaymentQuery(cursor: "pay_3", limit: 3)).map(\.id) == ["pay_2", "pay_1"])
        #expect(try await storage.payments(PaymentQuery(.init(status: .failed))).map(\.id) == ["pay_4", "pay_2"])
        #expect(try await storage.payments(PaymentQuery(.init(instance: "other"))).isEmpty)
    }

    static func idempotencyKeys(_ storage: any PasarelaStorage) async throws {
        let key = IdempotencyKey(scope: "POST /payments", key: "k1")
        let now = Date(timeIntervalSince1970: 1_767_225_600)
        #expect(try await storage.reserveIdempotencyKey(key, requestHash: "h1", now: now) == .reserved)
        #expect(try await storage.reserveIdempotencyKey(key, requestHash: "h1", now: now) == .inProgress)
        #expect(try await storage.reserveIdempotencyKey(key, requestHash: "h2", now: now) == .mismatch)
        let other = IdempotencyKey(scope: "POST /payments/pay_1/refunds", key: "k1")
        #expect(try await storage.reserveIdempotencyKey(other, requestHash: "h2", now: now) == .reserved)
        let response = StoredResponse(status: 201, body: Array(#"{"id":"pay_1"}"#.utf8))
        try await storage.completeIdempotencyKey(key, response: response)
        #expect(try await storage.reserveIdempotencyKey(key, requestHash: "h1", now: now) == .completed(response))
        try await storage.releaseIdempotencyKey(key)
        #expect(try await storage.reserveIdempotencyKey(key, requestHash: "h1", now: now) == .completed(response))
        try await storage.releaseIdempotencyKey(other)
        #expect(try await storage.reserveIdempotencyKey(other, requestHash: "h3", now: now) == .reserved)
        #expect(try await storage.reserveIdempotencyKey(other, requestHash: "h3", now: now.addingTimeInterval(301)) == .reserved)
    }

    static func settingsAndModuleValues(_ storage: any PasarelaStorage) async throws {
        #expect(try await storage.setting("admin_token_sha256") == nil)
        #expect(try await storage.insertSettingIfAbsent("admin_token_sha256", value: "a") == "a")
        #expect(try await storage.insertSettingIfAbsent("admin_token_sha256", value: "b") == "a")
        #expect(try await storage.setting("admin_token_sha256") == "a")
        #expect(try await storage.moduleValue(scope: "provider/mock", key: "k") == nil)
        try await storage.setModuleValue([1, 2, 3], scope: "provider/mock", key: "k")
        try await storage.setModuleValue([9], scope: "provider/other", key: "k")
        try await storage.setModuleValue([4, 5], scope: "provider/mock", key: "k")
        #expect(try await storage.moduleValue(scope: "provider/mock", key: "k") == [4, 5])
        #expect(try await storage.moduleValue(scope: "provider/other", key: "k") == [9])
        try await storage.removeModuleValue(scope: "provider/mock", key: "k")
        #expect(try await storage.moduleValue(scope: "provider/mock", key: "k") == nil)
        try await storage.ping()
    }

    static func packCommits(_ storage: any PasarelaStorage) async throws {
        let now = Date(timeIntervalSince1970: 1_767_225_600)
        let event = InboxEvent(
            id: "evt_1", partnerID: "acme", dedupeKey: "event:1", eventType: "ledger.entry", partnerEventID: "1", body: Array("{}".utf8),
            status: .received, receivedAt: now)
        let inserted = try await withCheckedThrowingContinuation { reply in storage.insertInboxEvents([event]) { reply.resume(with: $0) } }
        #expect(inserted == [.inserted])
        let delivery = Delivery(
            id: "dlv_1", partnerID: "acme", eventID: "evt_out_1", eventType: "ledger.recorded", body: Array("{}".utf8),
            status: .pending, nextAttemptAt: now, createdAt: now, updatedAt: now)
        try await storage.setModuleValue([0], scope: "pack/ledger", key: "entry/old")
        let commit = PackCommit(
            scope: "pack/ledger", writes: ["entry/a": [1], "entry/b": [2], "other/c": [3], "entry/old": nil], deliveries: [delivery],
            handled: (eventID: "evt_1", handler: "ledger"),
            skipped: [SkippedEmission(partnerID: "n8n", eventType: "ledger.recorded", reason: "not_subscribed")])
        #expect(try await storage.commitPackChanges(commit))
        #expect(try await storage.moduleValues(scope: "pack/ledger", keyPrefix: "entry/") == [
            ModuleValue(key: "entry/a", value: [1]), ModuleValue(key: "entry/b", value: [2]),
        ])
        #expect(try await storage.moduleValues(scope: "pack/other", keyPrefix: "entry/").isEmpty)
        #expect(try await storage.delivery(id: "dlv_1")?.eventType == "ledger.recorded")
        let runs = try await storage.handlerRuns(eventID: "evt_1")
        #expect(runs == [InboxHandlerRun(eventID: "evt_1", handler: "ledger", succeeded: true, attempts: 1, lastError: nil, skipped: commit.skipped)])

        // The same event again writes nothing: no second delivery, no change of values.
        var again = commit
        again.writes = ["entry/a": [9]]
        again.deliveries = [Delivery(
            id: "dlv_2", partnerID: "acme", eventID: "evt_out_2", eventType: "ledger.recorded", body: Array("{}".utf8),
            status: .pending, nextAttemptAt: now, createdAt: now, updatedAt: now)]
        #expect(try await storage.commitPackChanges(again) == false)
        #expect(try await storage.moduleValue(scope: "pack/ledger", key: "entry/a") == [1])
        #expect(try await storage.delivery(id: "dlv_2") == nil)

        // A later failure recorded for the same run (another dispatcher's) does not undo its success.
        try await storage.recordHandling(
            eventID: "evt_1", runs: [InboxHandlerRun(eventID: "evt_1", handler: "ledger", succeeded: false, attempts: 1, lastError: "busy")],
            status: .failed, nextAttemptAt: now)
        #expect(try await storage.handlerRuns(eventID: "evt_1").first?.succeeded == true)
        #expect(try await storage.handlerRuns(eventID: "evt_1").first?.skipped == commit.skipped, "nor forgets what it skipped")
        #expect(try await storage.commitPackChanges(again) == false)

        // A failing commit (a delivery id that is taken) leaves nothing behind.
        let failing = PackCommit(scope: "pack/ledger", writes: ["entry/z": [7]], deliveries: [delivery], handled: nil)
        await #expect(throws: (any Error).self) { try await storage.commitPackChanges(failing) }
        #expect(try await storage.moduleValue(scope: "pack/ledger", key: "entry/z") == nil)
    }

    static func paymentsHandOverToPacks(_ storage: any PasarelaStorage) async throws {
        let payment = payment("pay_1")
        let record = event("evt_p1", payment: "pay_1", status: .succeeded, previous: nil)
        let handover = InboxEvent(
            id: "evt_p1", partnerID: "payments:mock", dedupeKey: "payment-event:evt_p1", eventType: record.type, partnerEventID: nil,
            body: Array(#"{"payment_id":"pay_1"}"#.utf8), status: .received, receivedAt: payment.createdAt)
        try await storage.insertPayment(payment, events: [record], inbox: [handover])
        #expect(try await storage.dueInboxEvents(now: payment.createdAt, limit: 10).map(\.id) == ["evt_p1"])
    }

    static func inboxBatches(_ storage: any PasarelaStorage) async throws {
        let now = Date(timeIntervalSince1970: 1_767_225_600.5)
        func event(_ id: String, partner: String = "acme", key: String, status: InboxStatus = .received, partnerEventID: String? = nil)
            -> InboxEvent
        {
            InboxEvent(
                id: id, partnerID: partner, dedupeKey: key, eventType: "ledger.entry", partnerEventID: partnerEventID,
                body: Array(#"{"n":"\#(id)"}"#.utf8), status: status, receivedAt: now)
        }
        func insert(_ events: [InboxEvent]) async throws -> [InboxInsertion] {
            try await withCheckedThrowingContinuation { reply in storage.insertInboxEvents(events) { reply.resume(with: $0) } }
        }
        #expect(try await insert([]) == [])
        let first = [
            event("evt_1", key: "k1", partnerEventID: "p1"), event("evt_2", key: "k2", status: .processed),
            event("evt_3", key: "k1"), event("evt_4", partner: "other", key: "k1"),
        ]
        #expect(try await insert(first) == [.inserted, .inserted, .duplicate(firstID: "evt_1"), .inserted])
        #expect(try await insert([event("evt_5", key: "k2"), event("evt_6", key: "k3")]) == [.duplicate(firstID: "evt_2"), .inserted])
        #expect(try await storage.inboxEvent(id: "evt_1") == first[0])
        #expect(try await storage.inboxEvent(id: "evt_2") == first[1])
        #expect(try await storage.inboxEvent(id: "evt_3") == nil)
        #expect(try await storage.inboxEvents(InboxQuery(.init(partnerID: "acme"))).map(\.id) == ["evt_6", "evt_2", "evt_1"])
        #expect(try await storage.inboxEvents(InboxQuery(cursor: "evt_4", limit: 2)).map(\.id) == ["evt_2", "evt_1"])
        // Only events still to handle are due, and not before they arrived.
        #expect(try await storage.dueInboxEvents(now: now, limit: 10).map(\.id).sorted() == ["evt_1", "evt_4", "evt_6"])
        #expect(try await storage.dueInboxEvents(now: now.addingTimeInterval(-1), limit: 10).isEmpty)
        try await storage.recordHandling(
            eventID: "evt_1", runs: [InboxHandlerRun(eventID: "evt_1", handler: "ledger", succeeded: false, attempts: 1, lastError: "busy")],
            status: .failed, nextAttemptAt: now.addingTimeInterval(60))
        #expect(try await storage.dueInboxEvents(now: now, limit: 10).map(\.id).sorted() == ["evt_4", "evt_6"])
        #expect(try await storage.dueInboxEvents(now: now.addingTimeInterval(60), limit: 10).map(\.id).sorted() == ["evt_1", "evt_4", "evt_6"])
        #expect(try await storage.handlerRuns(eventID: "evt_1") == [
            InboxHandlerRun(eventID: "evt_1", handler: "ledger", succeeded: false, attempts: 1, lastError: "busy")
        ])
    }

    static func outbox(_ storage: any PasarelaStorage) async throws {
        let now = Date(timeIntervalSince1970: 1_767_225_600.25)
        func delivery(_ id: String, partner: String, event: String, type: EventType = "ledger.recorded", dueIn seconds: Double) -> Delivery {
            Delivery(
                id: id, partnerID: partner, eventID: event, eventType: type, body: Array(#"{"id":"\#(id)"}"#.utf8), status: .pending,
                nextAttemptAt: now.addingTimeInterval(seconds), createdAt: now.addingTimeInterval(seconds), updatedAt: now)
        }
        let all = [
            delivery("dlv_a1", partner: "a", event: "evt_1", dueIn: -3), delivery("dlv_a2", partner: "a", event: "evt_2", dueIn: -2),
            delivery("dlv_a3", partner: "a", event: "evt_3", type: "other.kind", dueIn: -1),
            delivery("dlv_b1", partner: "b", event: "evt_1", dueIn: -2.5), delivery("dlv_b2", partner: "b", event: "evt_4", dueIn: 60),
        ]
        try await storage.insertDeliveries(all)
        #expect(try await storage.delivery(id: "dlv_a1") == all[0])
        #expect(try await storage.deliveries(DeliveryQuery(limit: 2)).map(\.id) == ["dlv_b2", "dlv_b1"])
        #expect(try await storage.deliveries(DeliveryQuery(.init(partnerID: "a"), cursor: "dlv_a3")).map(\.id) == ["dlv_a2", "dlv_a1"])

        // One in flight for `a` already, at most two per partner: a's oldest and b's due one.
        let lease = now.addingTimeInterval(30)
        let first = try await storage.claimDueDeliveries(now: now, leaseUntil: lease, limit: 10, perPartner: 2, inFlight: ["a": 1])
        #expect(first.map(\.id).sorted() == ["dlv_a1", "dlv_b1"])
        #expect(first.allSatisfy { $0.leaseUntil == lease })
        let second = try await storage.claimDueDeliveries(now: now, leaseUntil: lease, limit: 1, perPartner: 2, inFlight: [:])
        #expect(second.map(\.id) == ["dlv_a2"])
        let third = try await storage.claimDueDeliveries(now: now, leaseUntil: lease, limit: 10, perPartner: 2, inFlight: [:])
        #expect(third.map(\.id) == ["dlv_a3"])
        #expect(try await storage.claimDueDeliveries(now: now, leaseUntil: lease, limit: 10, perPartner: 2, inFlight: [:]).isEmpty)

        let refused = try await recordOutcomes(of: first, in: storage, now: now)

        // A manual retry: not for what was delivered or is leased; a dead one is due again.
        #expect(try await storage.requeueDelivery(id: "dlv_a1", now: now)?.status == .delivered)
        #expect(try await storage.requeueDelivery(id: "dlv_a2", now: now)?.leaseUntil == lease)
        let requeued = try await storage.requeueDelivery(id: "dlv_b1", now: now.addingTimeInterval(3))
        #expect(requeued?.status == .pending)
        #expect(requeued?.nextAttemptAt == now.addingTimeInterval(3))
        #expect(requeued?.leaseUntil == nil)
        #expect(try await storage.requeueDelivery(id: "dlv_none", now: now) == nil)

        let health = try await storage.deliveryHealth(partnerID: "a")
        #expect(health.counts == [.pending: 2, .delivered: 1])
        #expect(health.oldestPendingAt == now.addingTimeInterval(-2))
        #expect(health.lastDeliveredAt == now.addingTimeInterval(1))
        #expect(health.lastFailure == nil)
        #expect(try await storage.deliveryHealth(partnerID: "b").lastFailure == refused)

        // All pending deliveries in one query, of known partners only: `b` is not one.
        #expect(try await storage.pendingDeliveries() == PendingDeliveries(count: 0, oldestCreatedAt: nil))
        try await storage.insertPartner(
            Partner(id: "a", name: "A", webhookURL: "https://a.example", scheme: "standard", secret: "s", origin: .config, createdAt: now, updatedAt: now))
        #expect(try await storage.pendingDeliveries() == PendingDeliveries(count: 2, oldestCreatedAt: health.oldestPendingAt))

        // Replays: the first delivery of each event in the range, oldest first, of the types asked for.
        try await storage.insertDeliveries([delivery("dlv_a4", partner: "a", event: "evt_1", dueIn: -0.5)])
        let range = now.addingTimeInterval(-10)...now
        #expect(try await storage.deliveries(partnerID: "a", createdIn: range, eventTypes: []).map(\.id) == ["dlv_a1", "dlv_a2", "dlv_a3"])
        #expect(try await storage.deliveries(partnerID: "a", createdIn: range, eventTypes: ["other.kind"]).map(\.id) == ["dlv_a3"])
        #expect(try await storage.deliveries(partnerID: "b", createdIn: now...now.addingTimeInterval(60), eventTypes: []).map(\.id) == ["dlv_b2"])
    }

    /// Records `claimed`'s outcomes as the outbox test needs them: `dlv_a1` delivered (a stale
    /// lease's record refused, its attempt kept), `dlv_b1` dead; returns `dlv_b1`'s attempt.
    private static func recordOutcomes(of claimed: [Delivery], in storage: any PasarelaStorage, now: Date) async throws
        -> DeliveryAttempt
    {
        // Only the lease holder writes the outcome; the attempt is kept either way.
        var delivered = try #require(claimed.first { $0.id == "dlv_a1" })
        delivered.status = .delivered
        delivered.attemptCount = 1
        delivered.lastStatusCode = 200
        delivered.nextAttemptAt = nil
        delivered.updatedAt = now.addingTimeInterval(1)
        let ok = DeliveryAttempt(deliveryID: "dlv_a1", at: now, statusCode: 200, durationMilliseconds: 12, error: nil, responseBody: "ok")
        var stale = delivered
        stale.leaseUntil = now.addingTimeInterval(5)
        let batch = [RecordedAttempt(attempt: ok, delivery: stale), RecordedAttempt(attempt: ok, delivery: delivered)]
        #expect(try await storage.recordAttempts(batch) == [false, true])
        var stored = delivered
        stored.leaseUntil = nil
        #expect(try await storage.delivery(id: "dlv_a1") == stored)
        #expect(try await storage.attempts(deliveryID: "dlv_a1") == [ok, ok])

        var failed = try #require(claimed.first { $0.id == "dlv_b1" })
        failed.status = .dead
        failed.attemptCount = 1
        failed.lastError = "connection refused"
        failed.nextAttemptAt = nil
        let refused = DeliveryAttempt(
            deliveryID: "dlv_b1", at: now.addingTimeInterval(2), statusCode: nil, durationMilliseconds: 3, error: "connection refused",
            responseBody: nil)
        #expect(try await storage.recordAttempt(refused, updating: failed))
        return refused
    }

    static func partners(_ storage: any PasarelaStorage) async throws {
        let now = Date(timeIntervalSince1970: 1_767_225_600.75)
        let acme = Partner(
            id: "acme", name: "ACME", webhookURL: "https://acme.example/hooks", contactEmail: "ops@acme.example", scheme: "standard",
            events: ["payment.success", "event.updated"], headers: ["X-Api-Key": "k-1", "Authorization": "Basic YTpi"], secret: "whsec_x",
            previousSecret: "whsec_old",
            previousSecretExpiresAt: now.addingTimeInterval(3600), apiKeyHash: "hash_1", origin: .api, createdAt: now, updatedAt: now)
        try await storage.insertPartner(acme)
        await #expect(throws: StorageConflict.self) { try await storage.insertPartner(acme) }
        let beta = Partner(id: "beta", name: "Beta", webhookURL: "https://beta.example", scheme: "seed", secret: "s", origin: .config, createdAt: now, updatedAt: now)
        try await storage.insertPartner(beta)
        #expect(try await storage.partner(id: "acme") == acme)
        #expect(try await storage.partner(apiKeyHash: "hash_1") == acme)
        #expect(try await storage.partner(apiKeyHash: "hash_2") == nil)
        #expect(try await storage.partners().map(\.id) == ["acme", "beta"])
        var changed = acme
        changed.name = "ACME Corp"
        changed.previousSecret = nil
        changed.previousSecretExpiresAt = nil
        changed.events = []
        changed.headers = ["X-Api-Key": "k-2"]
        changed.updatedAt = now.addingTimeInterval(5)
        try await storage.updatePartner(changed)
        #expect(try await storage.partner(id: "acme") == changed)
        #expect(try await storage.deletePartner(id: "acme"))
        #expect(try await storage.deletePartner(id: "acme") == false)
        #expect(try await storage.partners() == [beta])
    }

    static func providerEvents(_ storage: any PasarelaStorage) async throws {
        let record = ProviderEventRecord(
            instance: "stripe", eventID: "evt_1", type: "payment.succeeded", providerPaymentID: "pi_1", paymentID: nil,
            receivedAt: Date(timeIntervalSince1970: 1_767_225_600))
        #expect(try await storage.providerEventApplied(instance: "stripe", eventID: "evt_1") == false)
        try await storage.recordProviderEvent(record)
        try await storage.recordProviderEvent(record)
        #expect(try await storage.providerEventApplied(instance: "stripe", eventID: "evt_1"))
        #expect(try await storage.providerEventApplied(instance: "mercadopago", eventID: "evt_1") == false)
    }

    static func inboxClaims(_ storage: any PasarelaStorage) async throws {
        let now = Date(timeIntervalSince1970: 1_767_225_600)
        let events = (1...3).map { index in
            InboxEvent(
                id: "evt_\(index)", partnerID: "acme", dedupeKey: "event:\(index)", eventType: "ledger.entry", partnerEventID: nil,
                body: Array("{}".utf8), status: .received, receivedAt: now.addingTimeInterval(Double(index)))
        }
        _ = try await withCheckedThrowingContinuation { reply in storage.insertInboxEvents(events) { reply.resume(with: $0) } }
        let later = now.addingTimeInterval(10)
        let lease = later.addingTimeInterval(120)
        #expect(try await storage.claimDueInboxEvents(now: later, leaseUntil: lease, limit: 2).map(\.id) == ["evt_1", "evt_2"])
        #expect(try await storage.claimDueInboxEvents(now: later, leaseUntil: lease, limit: 2).map(\.id) == ["evt_3"])
        #expect(try await storage.claimDueInboxEvents(now: later, leaseUntil: lease, limit: 2).isEmpty)
        try await storage.recordHandling(eventID: "evt_2", runs: [], status: .processed, nextAttemptAt: nil)
        // A claim whose lease ran out (its host died) is taken again; a handled event is not.
        let retaken = lease.addingTimeInterval(120)
        #expect(try await storage.claimDueInboxEvents(now: lease, leaseUntil: retaken, limit: 10).map(\.id) == ["evt_1", "evt_3"])
        // A claim is renewed only by the host that holds it, and only while the event is unhandled.
        let renewed = retaken.addingTimeInterval(60)
        #expect(try await storage.renewInboxClaim(eventID: "evt_1", heldUntil: lease, until: renewed) == false)
        #expect(try await storage.renewInboxClaim(eventID: "evt_1", heldUntil: retaken, until: renewed))
        #expect(try await storage.claimDueInboxEvents(now: retaken, leaseUntil: renewed, limit: 10).map(\.id) == ["evt_3"])
        #expect(try await storage.renewInboxClaim(eventID: "evt_2", heldUntil: lease, until: renewed) == false)
    }

    static let all: [(String, @Sendable (any PasarelaStorage) async throws -> Void)] = [
        ("payments round-trip", paymentsRoundTrip), ("duplicate provider ids", duplicateProviderIDsAreRefused),
        ("listing", listing), ("idempotency keys", idempotencyKeys), ("settings and module values", settingsAndModuleValues),
        ("pack commits", packCommits), ("inbox claims", inboxClaims), ("payments hand over to packs", paymentsHandOverToPacks), ("inbox batches", inboxBatches),
        ("outbox", outbox), ("partners", partners), ("partner secrets compare-and-set", partnerSecretsCompareAndSet),
        ("provider events", providerEvents), ("refunds settle", refundSettles), ("partner controls", partnerControls),
    ]
}

@Suite("SQLite storage")
struct SQLiteStorageTests {
    @Test("in memory", arguments: StorageSuite.all.map(\.0))
    func inMemory(check: String) async throws {
        let storage = try SQLiteStorage(path: ":memory:")
        try await StorageSuite.all.first { $0.0 == check }!.1(storage)
        try await storage.close()
    }

    @Test("in a file", arguments: StorageSuite.all.map(\.0))
    func inFile(check: String) async throws {
        try await withTemporaryDirectory { directory in
            let storage = try SQLiteStorage(path: directory.appendingPathComponent("test.sqlite").path)
            try await StorageSuite.all.first { $0.0 == check }!.1(storage)
            try await storage.close()
        }
    }

    @Test("data survives closing and reopening the file; migrations run once")
    func reopen() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("test.sqlite").path
            let first = try SQLiteStorage(path: path)
            try await first.insertPayment(StorageSuite.payment("pay_1"), events: [], inbox: [])
            try await first.close()
            let second = try SQLiteStorage(path: path)
            #expect(try await second.payment(id: "pay_1") == StorageSuite.payment("pay_1"))
            try await second.close()
        }
    }
}
