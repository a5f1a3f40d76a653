import Crypto
import Foundation

/// HMAC-SHA256 helpers shared by every signature scheme.
public enum HMACSHA256 {
    /// The raw MAC of `message` under `key`.
    @inlinable
    public static func mac(key: [UInt8], message: some DataProtocol) -> [UInt8] {
        var parts: [[UInt8]] = []
        for region in message.regions { parts.append(Array(region)) }
        return mac(key: key, parts: parts)
    }

    /// The raw MAC of the concatenation of `parts` under `key`, without joining them first.
    ///
    /// RFC 2104 over SHA-256 directly: swift-crypto's generic `HMAC` costs more in key setup
    /// than the hashing itself for messages the size of a webhook.
    public static func mac(key: [UInt8], parts: [[UInt8]]) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: blockSize)
        if key.count > blockSize {
            block.replaceSubrange(0..<SHA256.byteCount, with: Array(SHA256.hash(data: key)))
        } else {
            block.replaceSubrange(0..<key.count, with: key)
        }
        var inner = SHA256()
        inner.update(bytes: block.map { $0 ^ 0x36 })
        for part in parts { inner.update(bytes: part) }
        var outer = SHA256()
        outer.update(bytes: block.map { $0 ^ 0x5C })
        outer.update(bytes: Array(inner.finalize()))
        return Array(outer.finalize())
    }

    private static let blockSize = 64

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

extension SHA256 {
    /// The non-generic entry point: `update(data:)` is not specialised across modules.
    fileprivate mutating func update(bytes: [UInt8]) {
        bytes.withUnsafeBytes { update(bufferPointer: $0) }
    }
}
