import PasarelaKit

/// Whether two JSON documents are the same, stricter than `==` on text and looser on numbers.
///
/// Strings and keys compare scalar by scalar (Swift's `==` would call `"é"` and `"e\u{301}"`
/// equal). Numbers compare as Python reads them, the model of ``JSONValue/pythonCanonical()``: a
/// number without `.`/`e` is an integer, equal to one with the same digits (`-0` is `0`); any
/// other is a float, equal to a float of the same `Double` (`1.50`, `1.5`, `15e-1`).
enum JSONEquivalence {
    /// `lhs` and `rhs` as Python's `json.loads` would read them are equal, types included.
    static func pythonEqual(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        equal(lhs, rhs) { PythonNumber($0) == PythonNumber($1) }
    }

    /// `lhs` and `rhs` are the same, strings scalar by scalar and numbers as the same text.
    static func sameText(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        equal(lhs, rhs) { $0.utf8.elementsEqual($1.utf8) }
    }

    private static func equal(_ lhs: JSONValue, _ rhs: JSONValue, numbers: (String, String) -> Bool) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let left), .bool(let right)): return left == right
        case (.number(let left), .number(let right)): return numbers(left, right)
        case (.string(let left), .string(let right)): return sameScalars(left, right)
        case (.array(let left), .array(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { equal($0, $1, numbers: numbers) }
        case (.object(let left), .object(let right)):
            let leftMembers = sortedMembers(left)
            let rightMembers = sortedMembers(right)
            return leftMembers.count == rightMembers.count
                && zip(leftMembers, rightMembers).allSatisfy {
                    sameScalars($0.key, $1.key) && equal($0.value, $1.value, numbers: numbers)
                }
        default: return false
        }
    }

    /// Whether `value` holds a float too large for a `Double`, which Python prints as `Infinity`
    /// (not JSON, so such a canonical text cannot be parsed again).
    static func hasNonFiniteFloat(_ value: JSONValue) -> Bool {
        switch value {
        case .number(let text): return PythonNumber(text).isNonFinite
        case .array(let elements): return elements.contains(where: hasNonFiniteFloat)
        case .object(let members): return members.values.contains(where: hasNonFiniteFloat)
        default: return false
        }
    }

    private static func sameScalars(_ lhs: String, _ rhs: String) -> Bool {
        lhs.unicodeScalars.elementsEqual(rhs.unicodeScalars)
    }

    private static func sortedMembers(_ members: [String: JSONValue]) -> [(key: String, value: JSONValue)] {
        members.sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }
    }
}

/// A JSON number's text as Python's `json.loads` reads it.
enum PythonNumber: Equatable {
    /// Digits without `.` or exponent: an `int`, exact at any size, written without a `-` for zero.
    case integer(String)
    /// Anything else: a `float`, compared by bit pattern so that `-0.0` differs from `0.0`.
    case float(UInt64)

    init(_ text: String) {
        if text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) {
            self = .float((Double(text) ?? .nan).bitPattern)
        } else {
            self = .integer(text == "-0" ? "0" : text)
        }
    }

    /// A float beyond `Double`'s range (Python's `inf`).
    var isNonFinite: Bool {
        if case .float(let bits) = self { return !Double(bitPattern: bits).isFinite }
        return false
    }
}
