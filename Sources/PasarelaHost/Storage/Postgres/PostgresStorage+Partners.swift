import Foundation
import PasarelaKit
import PostgresNIO

extension PostgresStorage {
    public func insertPartner(_ partner: Partner) async throws {
        let events = StoredPartner.eventsText(partner.events)
        let headers = StoredPartner.headersText(partner.headers)
        let inserted = try await withConnection { connection in
            try await connection.rows(
                """
                INSERT INTO partners (id, name, webhook_url, contact_email, scheme, events, headers, secret, previous_secret,
                    previous_secret_expires_at, api_key_hash, origin, created_at, updated_at, event_bus,
                    rate_limit_per_second, ordering)
                VALUES (\(partner.id), \(partner.name), \(partner.webhookURL), \(partner.contactEmail), \(partner.scheme), \(events),
                    \(headers), \(partner.secret), \(partner.previousSecret), \(partner.previousSecretExpiresAt.map(Self.micros)),
                    \(partner.apiKeyHash), \(partner.origin.rawValue), \(Self.micros(partner.createdAt)),
                    \(Self.micros(partner.updatedAt)), \(partner.eventBus),
                    \(partner.rateLimitPerSecond), \(partner.ordering.rawValue))
                ON CONFLICT (id) DO NOTHING
                RETURNING id
                """, logger: logger)
        }
        guard !inserted.isEmpty else { throw StorageConflict(description: "a partner with id '\(partner.id)' exists") }
    }

    public func updatePartner(_ partner: Partner) async throws {
        let events = StoredPartner.eventsText(partner.events)
        let headers = StoredPartner.headersText(partner.headers)
        try await withConnection { connection in
            try await connection.run(
                """
                UPDATE partners SET name = \(partner.name), webhook_url = \(partner.webhookURL),
                    contact_email = \(partner.contactEmail), scheme = \(partner.scheme), events = \(events), headers = \(headers),
                    secret = \(partner.secret), previous_secret = \(partner.previousSecret),
                    previous_secret_expires_at = \(partner.previousSecretExpiresAt.map(Self.micros)),
                    api_key_hash = \(partner.apiKeyHash), origin = \(partner.origin.rawValue),
                    created_at = \(Self.micros(partner.createdAt)), updated_at = \(Self.micros(partner.updatedAt)),
                    event_bus = \(partner.eventBus), rate_limit_per_second = \(partner.rateLimitPerSecond),
                    ordering = \(partner.ordering.rawValue)
                WHERE id = \(partner.id)
                """, logger: logger)
        }
    }

    public func replacePartnerSecrets(
        id: String, from old: (secret: String, previous: String?), to new: (secret: String, previous: String?)
    ) async throws -> Bool {
        try await withConnection { connection in
            try await !connection.rows(
                """
                UPDATE partners SET secret = \(new.secret), previous_secret = \(new.previous)
                WHERE id = \(id) AND secret = \(old.secret) AND previous_secret IS NOT DISTINCT FROM \(old.previous)
                RETURNING id
                """, logger: logger
            ).isEmpty
        }
    }

    public func deletePartner(id: String) async throws -> Bool {
        try await withConnection { connection in
            try await !connection.rows("DELETE FROM partners WHERE id = \(id) RETURNING id", logger: logger).isEmpty
        }
    }

    public func partner(id: String) async throws -> Partner? {
        try await withConnection { connection in
            try await connection.rows("SELECT * FROM partners WHERE id = \(id)", logger: logger).first.map(Self.partner(from:))
        }
    }

    public func partner(apiKeyHash: String) async throws -> Partner? {
        try await withConnection { connection in
            try await connection.rows("SELECT * FROM partners WHERE api_key_hash = \(apiKeyHash) LIMIT 1", logger: logger)
                .first.map(Self.partner(from:))
        }
    }

    public func partners() async throws -> [Partner] {
        try await withConnection { connection in
            try await connection.rows("SELECT * FROM partners ORDER BY id", logger: logger).map(Self.partner(from:))
        }
    }

    private static func partner(from row: PostgresRandomAccessRow) throws -> Partner {
        let eventsText = try row.value("events", as: String.self)
        let expiry = try row.value("previous_secret_expires_at", as: Int64?.self)
        let originText = try row.value("origin", as: String.self)
        let origin = try PartnerOrigin.stored(originText, "partner origin")
        var partner = Partner(
            id: try row.value("id"), name: try row.value("name"), webhookURL: try row.value("webhook_url"),
            contactEmail: try row.value("contact_email"), scheme: try row.value("scheme"),
            events: try StoredPartner.events(eventsText), headers: try StoredPartner.headers(try row.value("headers", as: String?.self)),
            secret: try row.value("secret"),
            previousSecret: try row.value("previous_secret"), previousSecretExpiresAt: expiry.map(date),
            apiKeyHash: try row.value("api_key_hash"), origin: origin, createdAt: date(try row.value("created_at")),
            updatedAt: date(try row.value("updated_at")))
        partner.eventBus = try row.value("event_bus", as: Bool.self)
        partner.rateLimitPerSecond = try row.value("rate_limit_per_second", as: Int?.self)
        partner.ordering = try DeliveryOrdering.stored(try row.value("ordering", as: String.self), "partner ordering")
        partner.status = try PartnerStatus.stored(try row.value("status", as: String.self), "partner status")
        partner.disabledReason = try row.value("disabled_reason", as: String?.self)
        partner.failingSince = try row.value("failing_since", as: Int64?.self).map(date)
        return partner
    }
}
