import Foundation
import GRDB
import PasarelaKit

extension SQLiteStorage {
    public func insertPartner(_ partner: Partner) async throws {
        try await writer.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM partners WHERE id = ?", arguments: [partner.id]) != true else {
                throw StorageConflict(description: "a partner with id '\(partner.id)' exists")
            }
            try db.execute(
                sql: """
                    INSERT INTO partners (id, name, webhook_url, contact_email, scheme, events, headers, secret, previous_secret,
                        previous_secret_expires_at, api_key_hash, origin, created_at, updated_at, event_bus,
                        rate_limit_per_second, ordering)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: Self.arguments(partner, idLast: false))
        }
    }

    public func updatePartner(_ partner: Partner) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE partners SET name = ?, webhook_url = ?, contact_email = ?, scheme = ?, events = ?, headers = ?, secret = ?,
                        previous_secret = ?, previous_secret_expires_at = ?, api_key_hash = ?, origin = ?, created_at = ?,
                        updated_at = ?, event_bus = ?, rate_limit_per_second = ?, ordering = ?
                    WHERE id = ?
                    """, arguments: Self.arguments(partner, idLast: true))
        }
    }

    public func replacePartnerSecrets(
        id: String, from old: (secret: String, previous: String?), to new: (secret: String, previous: String?)
    ) async throws -> Bool {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE partners SET secret = ?, previous_secret = ? WHERE id = ? AND secret = ? AND previous_secret IS ?",
                arguments: [new.secret, new.previous, id, old.secret, old.previous])
            return db.changesCount > 0
        }
    }

    public func deletePartner(id: String) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM partners WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    public func partner(id: String) async throws -> Partner? {
        try await writer.read { db in
            // Cached: read after every batch of attempts, it is not prepared (and authorized) each time.
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM partners WHERE id = ?"), arguments: [id]).map(Self.partner(from:))
        }
    }

    public func partner(apiKeyHash: String) async throws -> Partner? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM partners WHERE api_key_hash = ?", arguments: [apiKeyHash]).map(Self.partner(from:))
        }
    }

    public func partners() async throws -> [Partner] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM partners ORDER BY id").map(Self.partner(from:))
        }
    }

    private static func arguments(_ partner: Partner, idLast: Bool) -> StatementArguments {
        let fields: [(any DatabaseValueConvertible)?] = [
            partner.name, partner.webhookURL, partner.contactEmail, partner.scheme,
            StoredPartner.eventsText(partner.events), StoredPartner.headersText(partner.headers),
            partner.secret, partner.previousSecret, partner.previousSecretExpiresAt.map(micros), partner.apiKeyHash,
            partner.origin.rawValue, micros(partner.createdAt), micros(partner.updatedAt), partner.eventBus,
            partner.rateLimitPerSecond, partner.ordering.rawValue,
        ]
        return StatementArguments(idLast ? fields + [partner.id] : [partner.id] + fields)
    }

    private static func partner(from row: Row) throws -> Partner {
        let eventsText: String = row["events"]
        let expiry: Int64? = row["previous_secret_expires_at"]
        let origin = try PartnerOrigin.stored(row["origin"], "partner origin")
        var partner = Partner(
            id: row["id"], name: row["name"], webhookURL: row["webhook_url"], contactEmail: row["contact_email"],
            scheme: row["scheme"], events: try StoredPartner.events(eventsText), headers: try StoredPartner.headers(row["headers"]),
            secret: row["secret"], previousSecret: row["previous_secret"], previousSecretExpiresAt: expiry.map(date),
            apiKeyHash: row["api_key_hash"], origin: origin, createdAt: date(row["created_at"]), updatedAt: date(row["updated_at"]))
        partner.eventBus = row["event_bus"]
        partner.rateLimitPerSecond = row["rate_limit_per_second"]
        partner.ordering = try DeliveryOrdering.stored(row["ordering"], "partner ordering")
        partner.status = try PartnerStatus.stored(row["status"], "partner status")
        partner.disabledReason = row["disabled_reason"]
        partner.failingSince = (row["failing_since"] as Int64?).map(date)
        return partner
    }
}
