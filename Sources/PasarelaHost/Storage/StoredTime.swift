import Foundation

/// How both backends store times: integer microseconds since 1970 (UTC), so a time reads back
/// as it was written and compares as a number in SQL.
enum StoredTime {
    static func micros(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    static func date(_ micros: Int64) -> Date {
        Date(timeIntervalSince1970: TimeInterval(micros) / 1_000_000)
    }
}

extension PasarelaStorage {
    /// ``StoredTime/micros(_:)``, as the backends' queries write it.
    static func micros(_ date: Date) -> Int64 { StoredTime.micros(date) }

    /// ``StoredTime/date(_:)``, as the backends' rows read it.
    static func date(_ micros: Int64) -> Date { StoredTime.date(micros) }
}
