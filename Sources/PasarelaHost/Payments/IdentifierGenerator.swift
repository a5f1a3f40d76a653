import Foundation
import Synchronization

/// Makes ids like `pay_01JDX3K9ZQ8V6T3C2H5N7R4M1B`: a prefix, then 48 bits of milliseconds and
/// 80 random bits in Crockford base32. Ids sort by creation time, also within one millisecond.
final class IdentifierGenerator: Sendable {
    private let last = Mutex<(milliseconds: UInt64, random: UInt128)>((0, 0))
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    func make(_ prefix: String, now: Date = Date()) -> String {
        let milliseconds = UInt64(max(now.timeIntervalSince1970, 0) * 1000)
        let (time, random) = last.withLock { state -> (UInt64, UInt128) in
            if milliseconds <= state.milliseconds {
                state.random &+= 1
            } else {
                var generator = SystemRandomNumberGenerator()
                state = (milliseconds, UInt128(generator.next() as UInt64) << 16 | UInt128(generator.next() as UInt16))
            }
            return (state.milliseconds, state.random & ((1 << 80) - 1))
        }
        var characters = [UInt8](repeating: 0, count: 26)
        var value = UInt128(time) << 80 | random
        for position in stride(from: 25, through: 0, by: -1) {
            characters[position] = Self.alphabet[Int(value & 31)]
            value >>= 5
        }
        return prefix + "_" + String(decoding: characters, as: UTF8.self)
    }
}
