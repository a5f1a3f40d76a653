import Foundation
import Logging
import PasarelaKit
import PostgresNIO

extension PostgresStorage {
    public func insertPayment(_ payment: Payment, events: [PaymentEventRecord], inbox: [InboxEvent]) async throws {
        let metadata = try StoredPayment.metadataText(payment.metadata)
        let next = StoredPayment.nextActionColumns(payment.nextAction)
        try await withTransaction { connection in
            try await connection.run(
                """
                INSERT INTO payments (id, instance, provider_payment_id, status, amount_minor, currency,
                    refunded_minor, description, metadata, customer_email, customer_name, failure_code,
                    failure_message, provider_status, created_at, updated_at, next_action_type, next_action_url,
                    next_action_expires_at, next_action_client_secret)
                VALUES (\(payment.id), \(payment.instance), \(payment.providerPaymentID), \(payment.status.rawValue),
                    \(payment.amount.minor), \(payment.amount.currency.code), \(payment.refundedMinor), \(payment.description),
                    \(metadata), \(payment.customer?.email), \(payment.customer?.name), \(payment.failureCode),
                    \(payment.failureMessage), \(payment.providerStatus), \(Self.micros(payment.createdAt)),
                    \(Self.micros(payment.updatedAt)), \(next.type), \(next.url), \(next.expiresAt), \(next.clientSecret))
                """, logger: logger)
            try await Self.insert(events, on: connection, logger: logger)
            _ = try await Self.insert(inbox, on: connection, logger: logger)
        }
    }

    public func updatePayment(_ payment: Payment, refund: Refund?, events: [PaymentEventRecord], inbox: [InboxEvent]) async throws {
        let next = StoredPayment.nextActionColumns(payment.nextAction)
        try await withTransaction { connection in
            try await connection.run(
                """
                UPDATE payments SET status = \(payment.status.rawValue), refunded_minor = \(payment.refundedMinor),
                    failure_code = \(payment.failureCode), failure_message = \(payment.failureMessage),
                    provider_status = \(payment.providerStatus), updated_at = \(Self.micros(payment.updatedAt)),
                    provider_payment_id = \(payment.providerPaymentID), next_action_type = \(next.type),
                    next_action_url = \(next.url), next_action_expires_at = \(next.expiresAt),
                    next_action_client_secret = \(next.clientSecret)
                WHERE id = \(payment.id)
                """, logger: logger)
            if let refund {
                try await connection.run(
                    """
                    INSERT INTO refunds (id, payment_id, provider_refund_id, amount_minor, currency, status, reason, created_at)
                    VALUES (\(refund.id), \(refund.paymentID), \(refund.providerRefundID), \(refund.amount.minor),
                        \(refund.amount.currency.code), \(refund.status.rawValue), \(refund.reason), \(Self.micros(refund.createdAt)))
                    ON CONFLICT (id) DO UPDATE SET status = excluded.status
                    """, logger: logger)
            }
            try await Self.insert(events, on: connection, logger: logger)
            _ = try await Self.insert(inbox, on: connection, logger: logger)
        }
    }

    public func payment(id: String) async throws -> Payment? {
        try await withConnection { connection in
            try await connection.rows("SELECT * FROM payments WHERE id = \(id)", logger: logger).first.map(Self.payment(from:))
        }
    }

    public func payment(instance: String, providerPaymentID: String) async throws -> Payment? {
        try await withConnection { connection in
            try await connection.rows(
                "SELECT * FROM payments WHERE instance = \(instance) AND provider_payment_id = \(providerPaymentID)", logger: logger
            ).first.map(Self.payment(from:))
        }
    }

    public func payments(_ query: PaymentQuery) async throws -> [Payment] {
        let page = Self.page(
            of: "payments", filters: [("instance", query.filter.instance), ("status", query.filter.status?.rawValue)], cursor: query.cursor,
            limit: query.limit)
        return try await withConnection { connection in
            try await connection.rows(page, logger: logger).map(Self.payment(from:))
        }
    }

    public func refunds(paymentID: String) async throws -> [Refund] {
        try await withConnection { connection in
            try await connection.rows("SELECT * FROM refunds WHERE payment_id = \(paymentID) ORDER BY id", logger: logger)
                .map(Self.refund(from:))
        }
    }

    public func paymentEvents(paymentID: String) async throws -> [PaymentEventRecord] {
        try await withConnection { connection in
            try await connection.rows("SELECT * FROM payment_events WHERE payment_id = \(paymentID) ORDER BY id", logger: logger)
                .map(Self.event(from:))
        }
    }

    public func paymentsAwaitingAction(expiredBy now: Date, limit: Int) async throws -> [Payment] {
        try await withConnection { connection in
            try await connection.rows(
                """
                SELECT * FROM payments
                WHERE status = 'requires_action' AND next_action_expires_at IS NOT NULL
                    AND next_action_expires_at <= \(Self.micros(now))
                ORDER BY next_action_expires_at LIMIT \(limit)
                """, logger: logger
            ).map(Self.payment(from:))
        }
    }

    // MARK: Provider events

    public func providerEventApplied(instance: String, eventID: String) async throws -> Bool {
        try await withConnection { connection in
            try await !connection.rows(
                "SELECT 1 FROM provider_events WHERE instance = \(instance) AND event_id = \(eventID)", logger: logger
            ).isEmpty
        }
    }

    public func recordProviderEvent(_ event: ProviderEventRecord) async throws {
        try await withConnection { connection in
            try await connection.run(
                """
                INSERT INTO provider_events (instance, event_id, type, provider_payment_id, payment_id, received_at)
                VALUES (\(event.instance), \(event.eventID), \(event.type.rawValue), \(event.providerPaymentID), \(event.paymentID),
                    \(Self.micros(event.receivedAt)))
                ON CONFLICT (instance, event_id) DO NOTHING
                """, logger: logger)
        }
    }

    private static func insert(_ events: [PaymentEventRecord], on connection: PostgresConnection, logger: Logger) async throws {
        for event in events {
            try await connection.run(
                """
                INSERT INTO payment_events (id, payment_id, type, status, previous_status, source, provider_event_id, occurred_at)
                VALUES (\(event.id), \(event.paymentID), \(event.type.rawValue), \(event.status.rawValue),
                    \(event.previousStatus?.rawValue), \(event.source.rawValue), \(event.providerEventID),
                    \(micros(event.occurredAt)))
                """, logger: logger)
        }
    }

    private static func payment(from row: PostgresRandomAccessRow) throws -> Payment {
        let email = try row.value("customer_email", as: String?.self)
        let name = try row.value("customer_name", as: String?.self)
        let metadataText = try row.value("metadata", as: String.self)
        var payment = Payment(
            id: try row.value("id"), instance: try row.value("instance"), providerPaymentID: try row.value("provider_payment_id"),
            status: try StoredPayment.status(row.value("status")),
            amount: Money(minor: try row.value("amount_minor"), currency: try Currency(code: row.value("currency"))),
            refundedMinor: try row.value("refunded_minor"), description: try row.value("description"),
            metadata: try JSONDecoder().decode([String: String].self, from: Data(metadataText.utf8)),
            customer: email == nil && name == nil ? nil : Customer(email: email, name: name),
            failureCode: try row.value("failure_code"), failureMessage: try row.value("failure_message"),
            providerStatus: try row.value("provider_status"), createdAt: date(try row.value("created_at")),
            updatedAt: date(try row.value("updated_at")))
        payment.nextAction = StoredPayment.nextAction(
            type: try row.value("next_action_type"), url: try row.value("next_action_url"),
            expiresAt: try row.value("next_action_expires_at"), clientSecret: try row.value("next_action_client_secret"))
        return payment
    }

    private static func refund(from row: PostgresRandomAccessRow) throws -> Refund {
        let statusText = try row.value("status", as: String.self)
        let status = try RefundStatus.stored(statusText, "refund status")
        return Refund(
            id: try row.value("id"), paymentID: try row.value("payment_id"), providerRefundID: try row.value("provider_refund_id"),
            amount: Money(minor: try row.value("amount_minor"), currency: try Currency(code: row.value("currency"))), status: status,
            reason: try row.value("reason"), createdAt: date(try row.value("created_at")))
    }

    private static func event(from row: PostgresRandomAccessRow) throws -> PaymentEventRecord {
        let previous = try row.value("previous_status", as: String?.self)
        let sourceText = try row.value("source", as: String.self)
        let source = try PaymentEventSource.stored(sourceText, "event source")
        return PaymentEventRecord(
            id: try row.value("id"), paymentID: try row.value("payment_id"), type: EventType(rawValue: try row.value("type")),
            status: try StoredPayment.status(row.value("status")), previousStatus: try previous.map(StoredPayment.status), source: source,
            providerEventID: try row.value("provider_event_id"), occurredAt: date(try row.value("occurred_at")))
    }
}
