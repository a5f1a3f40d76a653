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

    /// Sets a partner's status; enabling it clears its reason and its run of failures. Returns
    /// whether the partner exists.
    func setPartnerStatus(id: String, status: PartnerStatus, reason: String?) async throws -> Bool
    /// Notes a failed attempt to partner `id` at `at`: starts its run of failures if none runs and,
    /// when that run began at or before `disableIfFailingSince`, disables the partner with
    /// `reason` and stores `announcements` (its `partner.disabled` notices) in the same
    /// transaction. Returns whether this call disabled it (of several hosts, exactly one does).
    func notePartnerFailure(id: String, at: Date, disableIfFailingSince: Date?, reason: String, announcements: [Delivery]) async throws
        -> Bool
    /// Notes a delivered attempt to partner `id`: its run of failures, if any, ends.
    func notePartnerSuccess(id: String) async throws
    /// The partners whose deliveries are held, ordered or paced.
    func deliveryControls() async throws -> DeliveryControls
    /// Reserves partner `id`'s next send slot: the later of `now` and its next free slot; the
    /// slot after it is `spacing` later. Hosts sharing the database take turns, so attempts to
    /// the partner start at least `spacing` apart.
    func reserveSendSlot(partnerID id: String, spacing: TimeInterval, now: Date) async throws -> Date
}

/// The partners whose deliveries the worker treats apart: held (disabled), one at a time in
/// creation order (`fifo`), or paced (`rate_limit_per_second`).
public struct DeliveryControls: Sendable, Equatable {
    public var disabled: Set<String> = []
    public var inOrder: Set<String> = []
    public var rates: [String: Int] = [:]

    public init(disabled: Set<String> = [], inOrder: Set<String> = [], rates: [String: Int] = [:]) {
        self.disabled = disabled
        self.inOrder = inOrder
        self.rates = rates
    }

    /// The controls of `rows` (`id`, `status`, `ordering`, `rate_limit_per_second`).
    init(rows: [(id: String, status: String, ordering: String, rate: Int?)]) {
        for row in rows {
            if row.status == PartnerStatus.disabled.rawValue { disabled.insert(row.id) }
            if row.ordering == DeliveryOrdering.fifo.rawValue { inOrder.insert(row.id) }
            if let rate = row.rate { rates[row.id] = rate }
        }
    }

    /// The query both backends read them with.
    static let sql =
        "SELECT id, status, ordering, rate_limit_per_second FROM partners "
        + "WHERE status = 'disabled' OR ordering = 'fifo' OR rate_limit_per_second IS NOT NULL"
}
