import Foundation
import Logging
import PasarelaKit
import ServiceLifecycle

/// Ends the checkouts nobody finished: every ``interval``, payments still `requires_action` whose
/// page has expired are read from their provider (as `?refresh=true` does), which reports them
/// `canceled` (the mock, MercadoPago, an expired Stripe session) or whatever became of them
/// meanwhile. One the provider still reports open ``cancelAfter`` past its expiry is canceled
/// through the provider, so no checkout is read forever. Several hosts may sweep at once: each
/// payment's read is serialized like every other change.
struct CheckoutExpirySweeper: Service, CustomStringConvertible {
    let storage: any PaymentStore
    let payments: PaymentService
    let clock: any WallClock
    let interval: Duration
    let logger: Logger
    /// Payments read per sweep, soonest expired first.
    static let batchSize = 100
    /// How long past its expiry a checkout the provider still reports open is left to the
    /// provider's own expiry (Stripe ends sessions a few minutes late) before it is canceled.
    static let cancelAfter: TimeInterval = 600

    /// Its name only: the service group logs its services, and the default description would
    /// print every module's configuration, secrets included.
    var description: String { "CheckoutExpirySweeper" }

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                try await Task.sleep(for: interval)
                await sweep()
            }
        }
    }

    /// Reads every expired checkout's payment once; returns how many it read.
    @discardableResult
    func sweep() async -> Int {
        let expired: [Payment]
        do {
            expired = try await storage.paymentsAwaitingAction(expiredBy: clock.now(), limit: Self.batchSize)
        } catch {
            logger.warning("checkout expiry sweep could not read payments", metadata: ["error": "\(error)"])
            return 0
        }
        for payment in expired {
            do {
                let read = try await payments.payment(id: payment.id, refresh: true)
                guard read.status == .requiresAction else { continue }
                if let expiresAt = read.nextAction?.expiresAt, clock.now().timeIntervalSince(expiresAt) >= Self.cancelAfter {
                    logger.notice("expired checkout still open at the provider; canceling it", metadata: ["payment_id": "\(payment.id)"])
                    _ = try await payments.cancel(paymentID: payment.id, idempotencyKey: "checkout-expired")
                } else {
                    logger.info("expired checkout still awaits its customer at the provider", metadata: ["payment_id": "\(payment.id)"])
                }
            } catch {
                logger.warning("checkout expiry sweep could not read a payment", metadata: ["payment_id": "\(payment.id)", "error": "\(error)"])
            }
        }
        return expired.count
    }
}
