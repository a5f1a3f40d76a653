import PasarelaKit

extension FieldReader {
    /// A calendar date member written `YYYY-MM-DD` that names a real day (`2026-02-30` is refused), or `nil` when missing or `null`.
    func optionalCalendarDate(_ field: String) throws(PasarelaError) -> String? {
        guard let text = try optionalString(field) else { return nil }
        guard Self.isCalendarDate(text) else {
            throw PasarelaError(.invalidRequest, "\(prefix)\(field): must be a real date YYYY-MM-DD, not '\(text)'")
        }
        return text
    }

    /// An integer member of at least `minimum`, or `nil` when missing or `null`.
    func optionalInteger(_ field: String, atLeast minimum: Int) throws(PasarelaError) -> Int? {
        guard let number = try optionalInteger(field) else { return nil }
        guard number >= minimum else { throw PasarelaError(.invalidRequest, "\(prefix)\(field): must be at least \(minimum)") }
        return number
    }

    /// `value`, or a 422 saying `field` is required.
    func required<Value>(_ value: Value?, _ field: String) throws(PasarelaError) -> Value {
        guard let value else { throw PasarelaError(.invalidRequest, "\(prefix)\(field): is required") }
        return value
    }

    private static func isCalendarDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.map(\.count) == [4, 2, 2],
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            year >= 1, (1...12).contains(month)
        else { return false }
        let isLeapYear = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let daysInMonth = [31, isLeapYear ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...daysInMonth).contains(day)
    }
}
