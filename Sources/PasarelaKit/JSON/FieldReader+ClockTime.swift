extension FieldReader {
    /// A time of day member written `HH:MM` on a 24-hour clock (`19:00`), or `nil` when missing or `null`.
    ///
    /// ```swift
    /// let time = try reader.optionalClockTime("scheduled_time")   // "19:00"; "7pm" is a 422
    /// ```
    public func optionalClockTime(_ field: String) throws(PasarelaError) -> String? {
        guard let text = try optionalString(field) else { return nil }
        guard Self.isClockTime(text) else {
            throw PasarelaError(.invalidRequest, "\(prefix)\(field): must be a time of day HH:MM (00:00 to 23:59), not '\(text)'")
        }
        return text
    }

    /// Whether `text` is `HH:MM` with an hour from 00 to 23 and a minute from 00 to 59.
    public static func isClockTime(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let hour = Int(parts[0]), let minute = Int(parts[1])
        else { return false }
        return (0...23).contains(hour) && (0...59).contains(minute)
    }
}
