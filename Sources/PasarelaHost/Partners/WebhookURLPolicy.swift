import Foundation
import PasarelaKit

/// Which webhook URLs a partner may use: http(s) only, and no loopback, private, link-local or
/// otherwise internal target unless `delivery.allow_private_networks` is set.
///
/// Registration checks the URL's host as written (any IPv4 spelling `inet_aton` accepts, such as
/// `127.1` or `2130706433`, and IPv6); every delivery checks again every address the name
/// resolves to, and deliveries never follow redirects.
struct WebhookURLPolicy: Sendable {
    let allowPrivateNetworks: Bool

    /// Checks the URL's form and, for a literal address or a local name, its target.
    func check(_ text: String, field: String = "webhook_url") throws(PasarelaError) {
        let host = try Self.host(of: text, field: field)
        guard !allowPrivateNetworks else { return }
        if Self.isLocalName(host) || Self.literalAddress(host).map(Self.isInternal) == true {
            throw refusal(host, field: field)
        }
    }

    /// ``check(_:field:)``, then every address the host resolves to.
    func checkResolved(_ text: String) throws(PasarelaError) {
        try check(text)
        guard !allowPrivateNetworks else { return }
        let host = try Self.host(of: text, field: "webhook_url")
        for address in Self.resolve(host) where Self.isInternal(address) {
            throw refusal(host, field: "webhook_url")
        }
    }

    private func refusal(_ host: String, field: String) -> PasarelaError {
        PasarelaError(
            .invalidRequest,
            "\(field): \(host) is a loopback, private or link-local address (set delivery.allow_private_networks to allow it)")
    }

    private static func host(of text: String, field: String) throws(PasarelaError) -> String {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else {
            throw PasarelaError(.invalidRequest, "\(field): must be an http:// or https:// URL")
        }
        return host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
    }

    static func isLocalName(_ host: String) -> Bool {
        host == "localhost" || host.hasSuffix(".localhost") || host.hasSuffix(".local") || host.hasSuffix(".internal")
    }

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

    /// Every address `host` resolves to (none when it does not resolve).
    static func resolve(_ host: String) -> [[UInt8]] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0 else { return [] }
        defer { freeaddrinfo(list) }
        var addresses: [[UInt8]] = []
        var entry = list
        while let info = entry?.pointee {
            if info.ai_family == AF_INET, let raw = info.ai_addr {
                raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                    addresses.append(withUnsafeBytes(of: address.pointee.sin_addr.s_addr) { Array($0) })
                }
            } else if info.ai_family == AF_INET6, let raw = info.ai_addr {
                raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    addresses.append(withUnsafeBytes(of: address.pointee.sin6_addr) { Array($0) })
                }
            }
            entry = info.ai_next
        }
        return addresses
    }

    /// Loopback, private, link-local, carrier-grade NAT, unspecified, multicast and reserved
    /// ranges, IPv4 or IPv6 (IPv4-mapped IPv6 addresses are judged as IPv4).
    static func isInternal(_ address: [UInt8]) -> Bool {
        if address.count == 16 {
            if address[0..<10].allSatisfy({ $0 == 0 }) && address[10] == 0xFF && address[11] == 0xFF {
                return isInternal(Array(address[12..<16]))
            }
            if address[0..<15].allSatisfy({ $0 == 0 }) { return true }  // :: and ::1
            if address[0] & 0xFE == 0xFC { return true }  // fc00::/7 unique local
            if address[0] == 0xFE && address[1] & 0xC0 == 0x80 { return true }  // fe80::/10 link-local
            return address[0] == 0xFF  // multicast
        }
        guard address.count == 4 else { return true }
        switch (address[0], address[1]) {
        case (0, _), (10, _), (127, _), (169, 254), (192, 168), (172, 16...31), (100, 64...127), (198, 18...19): return true
        case (224...255, _): return true
        default: return false
        }
    }
}
