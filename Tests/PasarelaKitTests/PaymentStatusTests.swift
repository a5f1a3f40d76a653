import PasarelaKit
import Testing

@Suite("Payment status order")
struct PaymentStatusTests {
    @Test("in-flight statuses may follow one another and reach any outcome")
    func inFlight() {
        let inFlight: [PaymentStatus] = [.pending, .requiresAction, .processing]
        for from in inFlight {
            for to in PaymentStatus.allCases where to != from {
                #expect(from.canAdvance(to: to), "\(from) → \(to)")
            }
        }
    }

    @Test("an in-flight status never replaces an outcome")
    func neverBackToInFlight() {
        for from in PaymentStatus.allCases where !from.isInFlight {
            for to in [PaymentStatus.pending, .requiresAction, .processing] {
                #expect(!from.canAdvance(to: to), "\(from) → \(to)")
            }
        }
    }

    @Test("failed and canceled are final")
    func finals() {
        for from in [PaymentStatus.failed, .canceled] {
            #expect(from.isFinal)
            for to in PaymentStatus.allCases {
                #expect(!from.canAdvance(to: to), "\(from) → \(to)")
            }
        }
    }

    @Test("after succeeded only refunds and disputes follow, and never backwards")
    func afterSuccess() {
        #expect(PaymentStatus.succeeded.canAdvance(to: .partiallyRefunded))
        #expect(PaymentStatus.succeeded.canAdvance(to: .refunded))
        #expect(PaymentStatus.succeeded.canAdvance(to: .disputed))
        #expect(!PaymentStatus.succeeded.canAdvance(to: .failed))
        #expect(!PaymentStatus.succeeded.canAdvance(to: .canceled))
        #expect(PaymentStatus.partiallyRefunded.canAdvance(to: .refunded))
        #expect(!PaymentStatus.partiallyRefunded.canAdvance(to: .succeeded))
        #expect(!PaymentStatus.refunded.canAdvance(to: .partiallyRefunded))
        #expect(!PaymentStatus.refunded.canAdvance(to: .succeeded))
        #expect(PaymentStatus.refunded.canAdvance(to: .disputed))
        #expect(!PaymentStatus.disputed.canAdvance(to: .succeeded))
    }

    @Test("each status names its normalized event")
    func eventTypes() {
        #expect(PaymentStatus.succeeded.eventType == .paymentSucceeded)
        #expect(PaymentStatus.partiallyRefunded.eventType.rawValue == "payment.partially_refunded")
        #expect(PaymentStatus.requiresAction.rawValue == "requires_action")
    }
}
