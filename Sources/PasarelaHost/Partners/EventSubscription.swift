import PasarelaKit

/// A partner's `events`: the patterns of the event types it takes. A pattern is an exact type
/// (`payment.succeeded`), a prefix ending in `.*` (`payment.*`, which takes `payment.succeeded`
/// and `payment.refund.created`), or `*`; no patterns at all takes every type.
enum EventSubscription {
    /// The most patterns a partner may have.
    static let maximumPatterns = 100

    /// Whether `patterns` take `type`.
    static func takes(_ type: EventType, patterns: [String]) -> Bool {
        patterns.isEmpty || patterns.contains { matches(type.rawValue, $0) }
    }

    /// Whether the one `pattern` takes `type`.
    static func matches(_ type: String, _ pattern: String) -> Bool {
        if pattern == "*" { return true }
        if pattern.hasSuffix(".*") { return type.hasPrefix(pattern.dropLast()) }
        return type == pattern
    }

    /// Refuses patterns that could never match as meant: empty, wildcards other than a whole
    /// last segment, characters outside letters, digits, `_`, `-` and `.`; `field` names them.
    static func check(_ patterns: [String], field: String) throws(PasarelaError) {
        guard patterns.count <= maximumPatterns else {
            throw PasarelaError(.invalidRequest, "\(field): at most \(maximumPatterns) patterns")
        }
        for pattern in patterns where !isValid(pattern) {
            throw PasarelaError(
                .invalidRequest,
                "\(field): '\(pattern)' is not an event type pattern (an exact type such as payment.succeeded, a prefix such as payment.*, or *)")
        }
    }

    private static func isValid(_ pattern: String) -> Bool {
        if pattern == "*" { return true }
        let type = pattern.hasSuffix(".*") ? String(pattern.dropLast(2)) : pattern
        guard !type.isEmpty, type.utf8.count <= 100 else { return false }
        return type.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { segment in
            !segment.isEmpty && segment.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
        }
    }
}
