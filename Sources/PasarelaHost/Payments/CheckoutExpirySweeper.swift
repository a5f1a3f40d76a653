import Foundation
import Logging
import PasarelaKit
import ServiceLifecycle

/// Ends the checkouts nobody finished: every ``interval``, payments still `requires_action` whose
/// page has expired are read from their provider (as `?refresh=true` does), which reports them
/// `canceled` (the mock, MercadoPago, an expired Stripe session) or whatever became of them
/// meanwhile. One the provider still reports open ``cancelAfter`` past its expiry is canceled
/// through the provider, so no checkout is read forever. A payment whose read or cancel fails
/// waits longer each time (``SweepBackoff``), so that failing ones do not keep the batch from the
/// rest. Several hosts may sweep at once: each payment's read is serialized like every other change.
struct CheckoutExpirySweeper: Service, CustomStringConvertible {
    /// What the sweeper does to a payment: read it from its provider, or cancel it there.
    struct Actions: Sendable {
        var refresh: @Sendable (_ paymentID: String) async throws -> Payment
        var cancel: @Sendable (_ paymentID: String) async throws -> Payment

        /// Through `payments`, as the API does.
        init(_ payments: PaymentService) {
            refresh = { try await payments.payment(id: $0, refresh: true) }
            cancel = { try await payments.cancel(paymentID: $0, idempotencyKey: "checkout-expired") }
        }

        init(
            refresh: @escaping @Sendable (String) async throws -> Payment, cancel: @escaping @Sendable (String) async throws -> Payment
        ) {
            self.refresh = refresh
            self.cancel = cancel
        }
    }

    let storage: any PaymentStore
    let actions: Actions
    let clock: any WallClock
    let interval: Duration
    let logger: Logger
    /// Payments read per sweep, soonest expired first (besides those waiting after a failure).
    var batchSize = 100
    /// How long past its expiry a checkout the provider still reports open is left to the
    /// provider's own expiry (Stripe ends sessions a few minutes late) before it is canceled.
    static let cancelAfter: TimeInterval = 600
    let backoff = SweepBackoff()

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

    /// Reads every expired checkout's payment once, but those waiting after a failure; returns
    /// how many it read.
    @discardableResult
    func sweep() async -> Int {
        let now = clock.now()
        let expired: [Payment]
        do {
            expired = try await storage.paymentsAwaitingAction(expiredBy: now, limit: batchSize + backoff.waiting(at: now))
        } catch is CancellationError {
            return 0  // The host is shutting down: nothing to report.
        } catch {
            logger.warning("checkout expiry sweep could not read payments", metadata: ["error": "\(error)"])
            return 0
        }
        if expired.count < batchSize + backoff.waiting(at: now) {
            // Every expired checkout is in hand: any other the backoff remembers has ended.
            backoff.keepOnly(Set(expired.map(\.id)))
        }
        let due = expired.filter { !backoff.isWaiting($0.id, at: now) }.prefix(batchSize)
        for payment in due {
            do {
                try await end(payment.id)
                backoff.succeeded(payment.id)
            } catch is CancellationError {
                return due.count
            } catch {
                let retry = backoff.failed(payment.id, at: clock.now(), base: TimeInterval(interval.components.seconds))
                logger.warning(
                    "checkout expiry sweep could not read a payment",
                    metadata: ["payment_id": "\(payment.id)", "error": "\(error)", "retry_at": "\(ISOTimestamp.format(retry))"])
            }
        }
        return due.count
    }

    /// Reads payment `id`; cancels it when the provider still reports it open ``cancelAfter`` past its expiry.
    private func end(_ id: String) async throws {
        let read = try await actions.refresh(id)
        guard read.status == .requiresAction else { return }
        if let expiresAt = read.nextAction?.expiresAt, clock.now().timeIntervalSince(expiresAt) >= Self.cancelAfter {
            logger.notice("expired checkout still open at the provider; canceling it", metadata: ["payment_id": "\(id)"])
            _ = try await actions.cancel(id)
        } else {
            logger.info("expired checkout still awaits its customer at the provider", metadata: ["payment_id": "\(id)"])
        }
    }
}
