import PasarelaKit

/// How MercadoPago's statuses, refunds and HTTP answers become Pasarela's. The tables of what
/// maps to what are in `docs/providers.md` ("MercadoPago"), their one place: change them with
/// this code.
enum MercadoPagoMapping {
    static func status(_ status: String, detail: String?) -> PaymentStatus {
        switch status {
        case "pending": return .pending
        case "in_process", "authorized": return .processing
        case "approved": return detail == "partially_refunded" ? .partiallyRefunded : .succeeded
        case "rejected": return .failed
        case "cancelled": return .canceled
        case "refunded": return .refunded
        case "charged_back", "in_mediation": return .disputed
        default: return .pending
        }
    }

    /// A refund's status: `approved` → `succeeded`; `rejected`, `cancelled` → `failed`;
    /// `in_process` and anything else → `pending`.
    static func refundStatus(_ status: String?) -> RefundStatus {
        switch status {
        case "approved": return .succeeded
        case "rejected", "cancelled": return .failed
        default: return .pending
        }
    }

    /// The refunds a payment object lists (`refunds`) that MercadoPago has settled, succeeded or failed.
    static func settledRefunds(of payment: JSONValue) -> [ProviderRefund] {
        (payment["refunds"]?.arrayValue ?? []).compactMap { refund in
            guard let id = MercadoPagoPaymentProvider.identifier(refund["id"]) else { return nil }
            let status = refundStatus(refund["status"]?.stringValue)
            return status == .pending ? nil : ProviderRefund(providerRefundID: id, status: status)
        }
    }

    /// The error for a non-2xx answer to `operation`.
    static func error(status: Int, body: [UInt8], operation: String) -> PasarelaError {
        let json = try? JSONValue.parse(body)
        var message = json?["message"]?.stringValue ?? "HTTP \(status)"
        let causes = json?["cause"]?.arrayValue?.compactMap { $0["description"]?.stringValue } ?? []
        if !causes.isEmpty { message += " (" + causes.joined(separator: "; ") + ")" }
        switch status {
        case 400, 422: return PasarelaError(.invalidRequest, "MercadoPago refused \(operation): \(message)")
        case 401, 403:
            return PasarelaError.providerUnavailable("MercadoPago refused the access token for \(operation): \(message)", retryable: false)
        case 404: return PasarelaError(.notFound, "MercadoPago does not know the object of \(operation)")
        case 409: return PasarelaError(.idempotencyConflict, "MercadoPago refused \(operation): \(message)")
        default: return PasarelaError.providerUnavailable("MercadoPago answered \(operation) with HTTP \(status): \(message)")
        }
    }
}
