import Foundation
import PasarelaHost
import PasarelaKit
import Testing

extension StorageSuite {
    /// A pending refund is stored with its payment, and settling it updates its status (not a
    /// second row) in the same write as the payment.
    static func refundSettles(_ storage: any PasarelaStorage) async throws {
        let original = payment("pay_1")
        try await storage.insertPayment(original, events: [], inbox: [])
        let pending = Refund(
            id: "re_1", paymentID: "pay_1", providerRefundID: "prov_re_1", amount: Money(minor: 500, currency: .usd),
            status: .pending, reason: "requested", createdAt: original.updatedAt)
        let other = Refund(
            id: "re_2", paymentID: "pay_1", providerRefundID: "prov_re_2", amount: Money(minor: 300, currency: .usd),
            status: .pending, createdAt: original.updatedAt)
        try await storage.updatePayment(original, refund: pending, events: [], inbox: [])
        try await storage.updatePayment(original, refund: other, events: [], inbox: [])

        var refunded = original
        refunded.status = .partiallyRefunded
        refunded.refundedMinor = 500
        refunded.updatedAt = original.updatedAt.addingTimeInterval(5)
        var succeeded = pending
        succeeded.status = .succeeded
        try await storage.updatePayment(
            refunded, refund: succeeded, events: [event("evt_2", payment: "pay_1", status: .partiallyRefunded, previous: .succeeded)],
            inbox: [])
        var failed = other
        failed.status = .failed
        try await storage.updatePayment(refunded, refund: failed, events: [], inbox: [])

        #expect(try await storage.refunds(paymentID: "pay_1") == [succeeded, failed])
        #expect(try await storage.payment(id: "pay_1") == refunded)
        #expect(try await storage.paymentEvents(paymentID: "pay_1").map(\.id) == ["evt_2"])
    }
}
