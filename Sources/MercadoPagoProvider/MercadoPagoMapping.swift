import PasarelaKit

/// How MercadoPago's words become Pasarela's.
///
/// | MercadoPago `status` (`status_detail`)      | Pasarela status        | notes                                   |
/// |---------------------------------------------|------------------------|-----------------------------------------|
/// | `pending`                                   | `pending`              | e.g. a ticket or Pix not yet paid       |
/// | `in_process`                                | `processing`           | under review                            |
/// | `authorized`                                | `processing`           | authorised, not captured yet            |
/// | `approved` (`accredited`, …)                | `succeeded`            |                                         |
/// | `approved` (`partially_refunded`)           | `partially_refunded`   |                                         |
/// | `rejected` (`cc_rejected_…`)                | `failed`               | `failure_code` = `status_detail`        |
/// | `cancelled`                                 | `canceled`             |                                         |
/// | `refunded`                                  | `refunded`             |                                         |
/// | `charged_back`, `in_mediation`              | `disputed`             |                                         |
/// | anything else                               | `pending`              | kept as `provider_status`               |
///
/// A refund `approved` succeeds, `rejected` or `cancelled` fails, `in_process` stays pending (refunds
/// are created with `X-Render-In-Process-Refunds: true`, so one still processing is answered 201).
/// A notification's payment lists its `refunds`: each settled one is also an event that settles
/// the host's pending refund with that id.
///
/// | HTTP answer                                  | API caller gets                                  |
/// |----------------------------------------------|--------------------------------------------------|
/// | 2xx                                          | the payment or refund                            |
/// | 400, 422 (validation, `cause` listed)        | 422 `invalid_request` with MercadoPago's message |
/// | 401, 403 (token refused)                     | 502 `provider_error`, not retryable              |
/// | 404                                          | 404 `not_found`                                  |
/// | 409 (idempotency key reused)                 | 409 `idempotency_conflict`                       |
/// | 429                                          | retried with backoff, then 502, retryable        |
/// | 5xx, timeout, connection failure, non-JSON   | 502 `provider_error`, retryable — never `failed` |
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
