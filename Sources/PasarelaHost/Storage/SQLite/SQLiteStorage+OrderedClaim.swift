import Foundation
import GRDB

extension SQLiteStorage {
    /// One write transaction: this file has one writer at a time, so the check that nothing of
    /// the partner is in flight and the lease cannot be split by another claim.
    public func claimNextInOrder(partnerID: String, now: Date, leaseUntil: Date) async throws -> Delivery? {
        let now = Self.micros(now)
        return try await writer.write { db in
            let inFlight = try Bool.fetchOne(
                db, sql: "SELECT 1 FROM deliveries WHERE partner_id = ? AND status = 'pending' AND lease_until >= ? LIMIT 1",
                arguments: [partnerID, now]) ?? false
            guard !inFlight,
                let oldest = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT id, next_attempt_at FROM deliveries INDEXED BY deliveries_pending_in_order
                        WHERE partner_id = ? AND status = 'pending' ORDER BY created_at, id LIMIT 1
                        """, arguments: [partnerID]),
                (oldest["next_attempt_at"] as Int64? ?? .max) <= now
            else { return nil }
            let id: String = oldest["id"]
            try db.execute(sql: "UPDATE deliveries SET lease_until = ? WHERE id = ?", arguments: [Self.micros(leaseUntil), id])
            return try Row.fetchOne(db, sql: "SELECT * FROM deliveries WHERE id = ?", arguments: [id]).map(Self.delivery(from:))
        }
    }
}
