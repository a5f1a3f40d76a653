import Foundation
import Hummingbird

/// The fields of an `application/x-www-form-urlencoded` body (or query string).
struct ConsoleForm: Sendable {
    /// The largest form body a console post may send.
    static let maxBodyBytes = 16 * 1024

    private let fields: [String: String]

    init(encoded text: String) {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]) else { continue }
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            // The first value wins, as a repeated field is never one of ours.
            if fields[name] == nil, let value { fields[name] = value }
        }
        self.fields = fields
    }

    /// The form a request's body holds (at most ``maxBodyBytes``).
    static func of(_ request: inout Request) async throws -> ConsoleForm {
        ConsoleForm(encoded: String(buffer: try await request.collectBody(upTo: maxBodyBytes)))
    }

    /// The field's value with surrounding spaces removed, or `nil` when it is absent or blank.
    subscript(_ name: String) -> String? {
        guard let value = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    private static func decode(_ text: Substring) -> String? {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
