import Foundation
import PostgresNIO

extension PostgresStorage {
    /// In a transaction holding the partner's row: of several hosts, one at a time checks that
    /// nothing of the partner is in flight and leases its oldest pending delivery.
    public func claimNextInOrder(partnerID: String, now: Date, leaseUntil: Date) async throws -> Delivery? {
        let now = Self.micros(now)
        return try await withTransaction { connection in
            guard !(try await connection.rows("SELECT id FROM partners WHERE id = \(partnerID) FOR UPDATE", logger: logger)).isEmpty
            else { return nil }
            let inFlight = try await connection.rows(
                """
                SELECT 1 FROM deliveries WHERE partner_id = \(partnerID) AND status = 'pending' AND lease_until >= \(now) LIMIT 1
                """, logger: logger)
            guard inFlight.isEmpty else { return nil }
            return try await connection.rows(
                """
                UPDATE deliveries SET lease_until = \(Self.micros(leaseUntil)) WHERE id = (
                    SELECT id FROM deliveries WHERE partner_id = \(partnerID) AND status = 'pending' ORDER BY created_at, id LIMIT 1)
                    AND next_attempt_at <= \(now) AND (lease_until IS NULL OR lease_until < \(now))
                RETURNING *
                """, logger: logger
            ).first.map { try Self.delivery(from: $0) }
        }
    }
}
