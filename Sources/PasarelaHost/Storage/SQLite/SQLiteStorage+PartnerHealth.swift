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

    public func notePartnerFailure(id: String, at: Date, disableIfFailingSince cutoff: Date?, reason: String) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "UPDATE partners SET failing_since = COALESCE(failing_since, ?) WHERE id = ?", arguments: [Self.micros(at), id])
            guard let cutoff else { return false }
            try db.execute(
                sql: """
                    UPDATE partners SET status = 'disabled', disabled_reason = ?
                    WHERE id = ? AND status = 'enabled' AND failing_since <= ?
                    """, arguments: [reason, id, Self.micros(cutoff)])
            return db.changesCount > 0
        }
    }

    public func notePartnerSuccess(id: String) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE partners SET failing_since = NULL WHERE id = ? AND failing_since IS NOT NULL", arguments: [id])
        }
    }

    public func disabledPartnerIDs() async throws -> Set<String> {
        try await writer.read { db in Set(try String.fetchAll(db, sql: "SELECT id FROM partners WHERE status = 'disabled'")) }
    }
}
