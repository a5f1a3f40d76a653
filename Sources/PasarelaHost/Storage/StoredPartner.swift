import Foundation

/// How every storage backend writes a partner's event filter as text, and reads it back.
enum StoredPartner {
    /// The event types as a JSON array.
    static func eventsText(_ events: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(events)) ?? Data("[]".utf8), as: UTF8.self)
    }

    /// The event types of a stored JSON array.
    static func events(_ text: String) throws -> [String] {
        try JSONDecoder().decode([String].self, from: Data(text.utf8))
    }
}
