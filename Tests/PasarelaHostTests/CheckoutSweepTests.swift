import Foundation
import Logging
@testable import PasarelaHost
import PasarelaKit
import PasarelaTesting
import Synchronization
import Testing

/// The expiry sweep on its own, over a real SQLite store, with what it does to payments recorded.
@Suite("Checkout expiry sweep")
struct CheckoutSweepTests {
    /// A `requires_action` payment whose checkout expired `secondsAgo` before `now`.
    static func expiredCheckout(_ id: String, secondsAgo: TimeInterval, now: Date) -> Payment {
        var payment = Payment(
            id: id, instance: "mock", providerPaymentID: "prov_\(id)", status: .requiresAction,
            amount: Money(minor: 1_250, currency: .usd), providerStatus: "open", createdAt: now, updatedAt: now)
        payment.nextAction = .redirect(to: "https://pay.example/\(id)", expiresAt: now.addingTimeInterval(-secondsAgo))
        return payment
    }

    @Test("a payment whose read keeps failing waits, doubling, so the rest of the batch is read; success forgets it")
    func failingPaymentWaits() async throws {
        let storage = try SQLiteStorage(path: ":memory:")
        let clock = FakeClock()
        let now = clock.now()
        let read = Mutex<[String]>([])
        let failing = Mutex(true)
        let actions = CheckoutExpirySweeper.Actions(
            refresh: { id in
                read.withLock { $0.append(id) }
                if id == "pay_a", failing.withLock({ $0 }) { throw PasarelaError.providerUnavailable("provider down") }
                return Self.expiredCheckout(id, secondsAgo: 1, now: now)
            },
            cancel: { id in throw PasarelaError(.invalidState, "unexpected cancel of \(id)") })
        var logger = Logger(label: "sweep.test")
        logger.logLevel = .critical
        var sweeper = CheckoutExpirySweeper(storage: storage, actions: actions, clock: clock, interval: .seconds(15), logger: logger)
        sweeper.batchSize = 1
        try await withRunningStorages([storage]) {
            for (id, ago) in [("pay_a", 120.0), ("pay_b", 60.0)] {
                try await storage.insertPayment(Self.expiredCheckout(id, secondsAgo: ago, now: now), events: [], inbox: [])
            }
            #expect(await sweeper.sweep() == 1)
            #expect(await sweeper.sweep() == 1)
            #expect(read.withLock { $0 } == ["pay_a", "pay_b"], "pay_a failed, so the next sweep reads pay_b")
            clock.advance(by: 15)
            await sweeper.sweep()
            #expect(read.withLock { $0.last } == "pay_a", "after 15 s it is tried again")
            clock.advance(by: 15)
            await sweeper.sweep()
            #expect(read.withLock { $0.last } == "pay_b", "failed twice: it waits 30 s now")
            failing.withLock { $0 = false }
            clock.advance(by: 30)
            await sweeper.sweep()
            #expect(read.withLock { $0.last } == "pay_a")
            #expect(!sweeper.backoff.isWaiting("pay_a", at: clock.now()))
        }
    }
}
