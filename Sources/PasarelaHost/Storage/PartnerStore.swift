import Foundation
import PasarelaKit

/// Partners: their endpoints, secrets and API keys.
public protocol PartnerStore: Sendable {
    /// Adds a partner; an id that is taken is ``StorageConflict``.
    func insertPartner(_ partner: Partner) async throws
    /// Replaces a partner's fields (not its id).
    func updatePartner(_ partner: Partner) async throws
    /// Removes a partner; `false` when there was none.
    func deletePartner(id: String) async throws -> Bool
    func partner(id: String) async throws -> Partner?
    /// Every partner, by id.
    func partners() async throws -> [Partner]
    /// Replaces a partner's stored `secret` and `previous_secret` if they are still `old` (a
    /// compare-and-set, so a change made meanwhile is kept); returns whether they were.
    func replacePartnerSecrets(id: String, from old: (secret: String, previous: String?), to new: (secret: String, previous: String?))
        async throws -> Bool

    /// The partner whose API key hashes to `apiKeyHash`.
    func partner(apiKeyHash: String) async throws -> Partner?
}
