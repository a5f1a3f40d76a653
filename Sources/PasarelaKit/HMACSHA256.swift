import Crypto
import Foundation

/// HMAC-SHA256 helpers shared by every signature scheme.
public enum HMACSHA256 {
    /// The raw MAC of `message` under `key`.
    public static func mac(key: [UInt8], message: some DataProtocol) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }

    /// The MAC as lowercase hex, as the seed's partners and most providers send it.
    public static func hex(key: String, message: some DataProtocol) -> String {
        mac(key: Array(key.utf8), message: message).hexString
    }

    /// Compares two byte strings in time that depends only on their lengths.
    public static func constantTimeEquals(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(lhs, rhs) { difference |= left ^ right }
        return difference == 0
    }
}

extension Sequence<UInt8> {
    /// The bytes as lowercase hex.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: output, as: UTF8.self)
    }
}
