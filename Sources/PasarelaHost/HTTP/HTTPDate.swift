import Foundation
import PasarelaKit
import Synchronization

/// The `Date` header's value (`Sun, 06 Nov 1994 08:49:37 GMT`), formatted at most once a second.
enum HTTPDate {
    private static let latest = Mutex<(second: Int, text: String)>((-1, ""))
    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func now() -> String {
        let second = Int(Date().timeIntervalSince1970)
        return latest.withLock { latest in
            if latest.second != second { latest = (second, format(secondsSince1970: second)) }
            return latest.text
        }
    }

    static func format(secondsSince1970 seconds: Int) -> String {
        // `2026-02-15T19:00:00.000000Z`, rearranged.
        let iso = ISOTimestamp.format(Date(timeIntervalSince1970: TimeInterval(seconds)))
        func field(_ from: Int, _ length: Int) -> Substring {
            let start = iso.utf8.index(iso.startIndex, offsetBy: from)
            return iso[start..<iso.utf8.index(start, offsetBy: length)]
        }
        let weekday = weekdays[(seconds / 86_400) % 7]
        let month = months[Int(field(5, 2))! - 1]
        return "\(weekday), \(field(8, 2)) \(month) \(field(0, 4)) \(field(11, 8)) GMT"
    }
}
