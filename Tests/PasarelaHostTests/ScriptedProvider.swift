import Foundation
import PasarelaKit
import Synchronization

/// A provider module for host tests: counts the calls it gets, takes as long as metadata
/// `delay_ms` says (its payment's `refund_delay_ms` for a refund), and leaves refunds pending, as
/// a real provider may.
final class ScriptedProvider: PaymentProvider {
    static let shared = ScriptedProvider()
    static let descriptor = ModuleDescriptor(
        name: "scripted", version: "0.0.1", summary: "test provider", options: [],
        factory: .provider { _, _ in ScriptedProvider.shared })

    private let counts = Mutex<[String: Int]>([:])

    var moduleName: String { "scripted" }
    var capabilities: ProviderCapabilities { [.create, .refund, .partialRefund] }

    /// How many create calls carried `paymentID`'s amount in `metadata["test_id"]`.
    func createCalls(testID: String) -> Int {
        counts.withLock { $0[testID] ?? 0 }
    }

    func createPayment(_ request: CreatePaymentRequest) async throws -> ProviderPayment {
        counts.withLock { $0[request.metadata["test_id"] ?? "", default: 0] += 1 }
        if let delay = request.metadata["delay_ms"].flatMap(Int.init) { try await Task.sleep(for: .milliseconds(delay)) }
        return ProviderPayment(providerPaymentID: "scr_\(request.paymentID)", status: .succeeded, providerStatus: "paid")
    }

    func refundPayment(_ request: RefundRequest) async throws -> ProviderRefund {
        if let delay = request.payment.metadata["refund_delay_ms"].flatMap(Int.init) { try await Task.sleep(for: .milliseconds(delay)) }
        return ProviderRefund(providerRefundID: "scr_\(request.refundID)", status: .pending)
    }
}
