import Foundation

/// An event a pack emitted that was not delivered, and why: its partner does not take its type
/// (`not_subscribed`). Kept with the pack's run on the inbound event that caused it, and shown by
/// `GET /events/{id}`.
public struct SkippedEmission: Codable, Hashable, Sendable {
    public var partnerID: String
    public var eventType: String
    public var reason: String

    public init(partnerID: String, eventType: String, reason: String) {
        self.partnerID = partnerID
        self.eventType = eventType
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case partnerID = "partner_id"
        case eventType = "event_type"
        case reason
    }

    /// The reason of an emission its partner does not take.
    static let notSubscribed = "not_subscribed"

    /// `skipped` as stored: a JSON array, `nil` when empty.
    static func storedText(_ skipped: [SkippedEmission]) -> String? {
        guard !skipped.isEmpty, let data = try? JSONEncoder().encode(skipped) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The skipped emissions of a stored JSON array (none for `NULL`).
    static func stored(_ text: String?) throws -> [SkippedEmission] {
        guard let text else { return [] }
        return try JSONDecoder().decode([SkippedEmission].self, from: Data(text.utf8))
    }
}
