import Foundation

/// How every storage backend writes a partner's event filter and headers as text, and reads them back.
enum StoredPartner {
    /// The headers as a JSON object; `nil` when there are none.
    static func headersText(_ headers: [String: String]) -> String? {
        guard !headers.isEmpty else { return nil }
        return String(decoding: (try? JSONEncoder().encode(headers)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// The headers of a stored JSON object (none for `NULL`).
    static func headers(_ text: String?) throws -> [String: String] {
        guard let text else { return [:] }
        return try JSONDecoder().decode([String: String].self, from: Data(text.utf8))
    }

    /// The event types as a JSON array.
    static func eventsText(_ events: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(events)) ?? Data("[]".utf8), as: UTF8.self)
    }

    /// The event types of a stored JSON array.
    static func events(_ text: String) throws -> [String] {
        try JSONDecoder().decode([String].self, from: Data(text.utf8))
    }
}
