import Logging
import Synchronization

/// Request ids: which incoming ones are kept, and new ones for answers that do not go through
/// the router (the partner webhook fast path), made from a per-process random prefix and a
/// counter with one atomic increment and one string.
enum RequestIdentifier {
    /// The id of the request the current task serves, if it serves one.
    @TaskLocal static var current: String?

    /// Adds `request_id` to every log line written while a request is served, whatever logger writes it.
    static let metadataProvider = Logger.MetadataProvider {
        current.map { ["request_id": "\($0)"] } ?? [:]
    }

    /// `value` when it can be logged and echoed as it is: 1 to 128 characters among letters,
    /// digits and `-_.:`; nothing that could forge a log line or a header.
    static func sane(_ value: String) -> String? {
        guard (1...128).contains(value.utf8.count) else { return nil }
        let allowed = value.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"):
                return true
            default:
                return false
            }
        }
        return allowed ? value : nil
    }

    private static let prefix = Array(String(UInt32.random(in: .min ... .max), radix: 16).utf8)
    private static let counter = Atomic<UInt64>(0)
    private static let digits = Array("0123456789abcdef".utf8)

    /// `{8 hex digits}-{16 hex digits}` at most; unique within this process.
    static func next() -> String {
        let number = counter.add(1, ordering: .relaxed).newValue
        return String(unsafeUninitializedCapacity: prefix.count + 17) { buffer in
            var index = 0
            for byte in prefix {
                buffer[index] = byte
                index += 1
            }
            buffer[index] = UInt8(ascii: "-")
            index += 1
            for shift in stride(from: 60, through: 0, by: -4) {
                buffer[index] = digits[Int((number >> UInt64(shift)) & 0xF)]
                index += 1
            }
            return index
        }
    }
}
