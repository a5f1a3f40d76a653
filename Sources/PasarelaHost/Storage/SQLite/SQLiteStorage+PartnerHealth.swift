import Foundation
import GRDB

extension SQLiteStorage {
    public func setPartnerStatus(id: String, status: PartnerStatus, reason: String?) async throws -> Bool {
        try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE partners SET status = ?, disabled_reason = ?,
                        failing_since = CASE WHEN ? = 'enabled' THEN NULL ELSE failing_since END
                    WHERE id = ?
                    """, arguments: [status.rawValue, status == .enabled ? nil : reason, status.rawValue, id])
            return db.changesCount > 0
        }
    }

    public func notePartnerFailure(
        id: String, at: Date, disableIfFailingSince cutoff: Date?, reason: String, announcements: [Delivery]
    ) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "UPDATE partners SET failing_since = COALESCE(failing_since, ?) WHERE id = ?", arguments: [Self.micros(at), id])
            guard let cutoff else { return false }
            try db.execute(
                sql: """
                    UPDATE partners SET status = 'disabled', disabled_reason = ?
                    WHERE id = ? AND status = 'enabled' AND failing_since <= ?
                    """, arguments: [reason, id, Self.micros(cutoff)])
            guard db.changesCount > 0 else { return false }
            try Self.insert(announcements, into: db)
            return true
        }
    }

    public func notePartnerSuccess(id: String) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE partners SET failing_since = NULL WHERE id = ? AND failing_since IS NOT NULL", arguments: [id])
        }
    }

    public func deliveryControls() async throws -> DeliveryControls {
        try await writer.read { db in
            DeliveryControls(
                rows: try Row.fetchAll(db, sql: DeliveryControls.sql).map { row in
                    (row["id"], row["status"], row["ordering"], row["rate_limit_per_second"])
                })
        }
    }

    public func reserveSendSlot(partnerID id: String, spacing: TimeInterval, now: Date) async throws -> Date {
        try await writer.write { db in
            let next = try Int64.fetchOne(db, sql: "SELECT next_send_at FROM partners WHERE id = ?", arguments: [id]) ?? 0
            let slot = max(Self.micros(now), next)
            try db.execute(
                sql: "UPDATE partners SET next_send_at = ? WHERE id = ?", arguments: [slot + Int64((spacing * 1_000_000).rounded()), id])
            return Self.date(slot)
        }
    }
}
