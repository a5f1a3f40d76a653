import Foundation

extension WebhookURLPolicy {
    /// The bytes of a literal IPv4 (any spelling `inet_aton` takes) or IPv6 address.
    static func literalAddress(_ host: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_aton(host, &v4) != 0 {
            return withUnsafeBytes(of: v4.s_addr) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            return withUnsafeBytes(of: v6) { Array($0) }
        }
        return nil
    }

    /// `address` in its usual text form (IPv6 without brackets).
    static func text(of address: [UInt8]) -> String {
        let family = address.count == 4 ? AF_INET : AF_INET6
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        _ = address.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &buffer, socklen_t(buffer.count)) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Internal or otherwise not a partner's public endpoint. IPv4: this network, private,
    /// loopback, link-local, carrier-grade NAT (100.64/10), benchmarking, multicast and reserved.
    /// IPv6: unspecified, loopback, IPv4-mapped and IPv4-compatible, NAT64 (`64:ff9b::/96` and the
    /// local-use `64:ff9b:1::/48`), discard-only, Teredo (`2001::/32`), unique local (`fc00::/7`),
    /// link-local, site-local (`fec0::/10`) and multicast; 6to4 (`2002::/16`) is judged by the IPv4
    /// address it carries.
    static func isInternal(_ address: [UInt8]) -> Bool {
        if address.count == 16 { return isInternalIPv6(address) }
        guard address.count == 4 else { return true }
        switch (address[0], address[1]) {
        case (0, _), (10, _), (127, _), (169, 254), (192, 168), (172, 16...31), (100, 64...127), (198, 18...19): return true
        case (192, 0) where address[2] == 0: return true  // IETF protocol assignments
        case (224...255, _): return true
        default: return false
        }
    }

    private static func isInternalIPv6(_ address: [UInt8]) -> Bool {
        let prefix96 = Array(address[0..<12])
        if prefix96.allSatisfy({ $0 == 0 }) { return true }  // ::, ::1 and IPv4-compatible ::a.b.c.d
        if address[0..<10].allSatisfy({ $0 == 0 }) && address[10] == 0xFF && address[11] == 0xFF { return true }  // IPv4-mapped
        if prefix96 == [0, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0] { return true }  // NAT64 64:ff9b::/96
        if address[0..<6] == [0, 0x64, 0xFF, 0x9B, 0, 1] { return true }  // local-use NAT64 64:ff9b:1::/48
        if address[0..<8] == [0x01, 0, 0, 0, 0, 0, 0, 0] { return true }  // discard-only 100::/64
        if address[0..<4] == [0x20, 0x01, 0, 0] { return true }  // Teredo 2001::/32
        if address[0] == 0x20 && address[1] == 0x02 { return isInternal(Array(address[2..<6])) }  // 6to4 2002:a.b.c.d::/48
        if address[0] & 0xFE == 0xFC { return true }  // unique local fc00::/7
        if address[0] == 0xFE && address[1] & 0xC0 == 0x80 { return true }  // link-local fe80::/10
        if address[0] == 0xFE && address[1] & 0xC0 == 0xC0 { return true }  // site-local fec0::/10
        return address[0] == 0xFF  // multicast
    }
}
