import Foundation
import GRDB
import PasarelaKit

extension SQLiteStorage {
    public func insertPayment(_ payment: Payment, events: [PaymentEventRecord], inbox: [InboxEvent]) async throws {
        let next = StoredPayment.nextActionColumns(payment.nextAction)
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO payments (id, instance, provider_payment_id, status, amount_minor, currency,
                        refunded_minor, description, metadata, customer_email, customer_name, failure_code,
                        failure_message, provider_status, created_at, updated_at, next_action_type, next_action_url,
                        next_action_expires_at, next_action_client_secret)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    payment.id, payment.instance, payment.providerPaymentID, payment.status.rawValue,
                    payment.amount.minor, payment.amount.currency.code, payment.refundedMinor, payment.description,
                    try StoredPayment.metadataText(payment.metadata), payment.customer?.email, payment.customer?.name,
                    payment.failureCode, payment.failureMessage, payment.providerStatus,
                    Self.micros(payment.createdAt), Self.micros(payment.updatedAt), next.type, next.url, next.expiresAt, next.clientSecret,
                ])
            try Self.insert(events, into: db)
            _ = try Self.insert(inbox, into: db)
        }
    }

    public func updatePayment(_ payment: Payment, refund: Refund?, events: [PaymentEventRecord], inbox: [InboxEvent]) async throws {
        let next = StoredPayment.nextActionColumns(payment.nextAction)
        try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE payments SET status = ?, refunded_minor = ?, failure_code = ?, failure_message = ?,
                        provider_status = ?, updated_at = ?, provider_payment_id = ?, next_action_type = ?, next_action_url = ?,
                        next_action_expires_at = ?, next_action_client_secret = ?
                    WHERE id = ?
                    """,
                arguments: [
                    payment.status.rawValue, payment.refundedMinor, payment.failureCode, payment.failureMessage,
                    payment.providerStatus, Self.micros(payment.updatedAt), payment.providerPaymentID, next.type, next.url,
                    next.expiresAt, next.clientSecret, payment.id,
                ])
            if let refund {
                try db.execute(
                    sql: """
                        INSERT INTO refunds (id, payment_id, provider_refund_id, amount_minor, currency, status, reason, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (id) DO UPDATE SET status = excluded.status
                        """,
                    arguments: [
                        refund.id, refund.paymentID, refund.providerRefundID, refund.amount.minor,
                        refund.amount.currency.code, refund.status.rawValue, refund.reason, Self.micros(refund.createdAt),
                    ])
            }
            try Self.insert(events, into: db)
            _ = try Self.insert(inbox, into: db)
        }
    }

    public func payment(id: String) async throws -> Payment? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM payments WHERE id = ?", arguments: [id]).map(Self.payment(from:))
        }
    }

    public func payment(instance: String, providerPaymentID: String) async throws -> Payment? {
        try await writer.read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM payments WHERE instance = ? AND provider_payment_id = ?",
                arguments: [instance, providerPaymentID]
            ).map(Self.payment(from:))
        }
    }

    public func payments(_ query: PaymentQuery) async throws -> [Payment] {
        let page = Self.page(
            of: "payments", filters: [("instance", query.filter.instance), ("status", query.filter.status?.rawValue)], cursor: query.cursor,
            limit: query.limit)
        return try await writer.read { db in
            try Row.fetchAll(db, sql: page.sql, arguments: page.arguments).map(Self.payment(from:))
        }
    }

    public func refunds(paymentID: String) async throws -> [Refund] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM refunds WHERE payment_id = ? ORDER BY id", arguments: [paymentID])
                .map(Self.refund(from:))
        }
    }

    public func paymentEvents(paymentID: String) async throws -> [PaymentEventRecord] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM payment_events WHERE payment_id = ? ORDER BY id", arguments: [paymentID])
                .map(Self.event(from:))
        }
    }

    public func paymentsAwaitingAction(expiredBy now: Date, limit: Int) async throws -> [Payment] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM payments
                    WHERE status = 'requires_action' AND next_action_expires_at IS NOT NULL AND next_action_expires_at <= ?
                    ORDER BY next_action_expires_at LIMIT ?
                    """, arguments: [Self.micros(now), limit]
            ).map(Self.payment(from:))
        }
    }

    // MARK: Provider events

    public func providerEventApplied(instance: String, eventID: String) async throws -> Bool {
        try await writer.read { db in
            try Bool.fetchOne(
                db, sql: "SELECT 1 FROM provider_events WHERE instance = ? AND event_id = ?", arguments: [instance, eventID]
            ) ?? false
        }
    }

    public func recordProviderEvent(_ event: ProviderEventRecord) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO provider_events (instance, event_id, type, provider_payment_id, payment_id, received_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    event.instance, event.eventID, event.type.rawValue, event.providerPaymentID, event.paymentID,
                    Self.micros(event.receivedAt),
                ])
        }
    }

    private static func insert(_ events: [PaymentEventRecord], into db: Database) throws {
        for event in events {
            try db.execute(
                sql: """
                    INSERT INTO payment_events (id, payment_id, type, status, previous_status, source, provider_event_id, occurred_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    event.id, event.paymentID, event.type.rawValue, event.status.rawValue, event.previousStatus?.rawValue,
                    event.source.rawValue, event.providerEventID, micros(event.occurredAt),
                ])
        }
    }

    private static func payment(from row: Row) throws -> Payment {
        let email: String? = row["customer_email"]
        let name: String? = row["customer_name"]
        let metadataText: String = row["metadata"]
        var payment = Payment(
            id: row["id"], instance: row["instance"], providerPaymentID: row["provider_payment_id"],
            status: try StoredPayment.status(row["status"]),
            amount: Money(minor: row["amount_minor"], currency: try Currency(code: row["currency"])),
            refundedMinor: row["refunded_minor"], description: row["description"],
            metadata: try JSONDecoder().decode([String: String].self, from: Data(metadataText.utf8)),
            customer: email == nil && name == nil ? nil : Customer(email: email, name: name),
            failureCode: row["failure_code"], failureMessage: row["failure_message"],
            providerStatus: row["provider_status"], createdAt: date(row["created_at"]), updatedAt: date(row["updated_at"]))
        payment.nextAction = StoredPayment.nextAction(
            type: row["next_action_type"], url: row["next_action_url"], expiresAt: row["next_action_expires_at"],
            clientSecret: row["next_action_client_secret"])
        return payment
    }

    private static func refund(from row: Row) throws -> Refund {
        let status = try RefundStatus.stored(row["status"], "refund status")
        return Refund(
            id: row["id"], paymentID: row["payment_id"], providerRefundID: row["provider_refund_id"],
            amount: Money(minor: row["amount_minor"], currency: try Currency(code: row["currency"])), status: status,
            reason: row["reason"], createdAt: date(row["created_at"]))
    }

    private static func event(from row: Row) throws -> PaymentEventRecord {
        let previous: String? = row["previous_status"]
        let source = try PaymentEventSource.stored(row["source"], "event source")
        return PaymentEventRecord(
            id: row["id"], paymentID: row["payment_id"], type: EventType(rawValue: row["type"]),
            status: try StoredPayment.status(row["status"]), previousStatus: try previous.map(StoredPayment.status), source: source,
            providerEventID: row["provider_event_id"], occurredAt: date(row["occurred_at"]))
    }
}
