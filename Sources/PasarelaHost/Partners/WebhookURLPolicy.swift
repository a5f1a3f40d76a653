import Foundation
import PasarelaKit

/// Which webhook URLs a partner may register: http(s) only, and no loopback, private or
/// link-local targets unless `delivery.allow_private_networks` is set.
struct WebhookURLPolicy: Sendable {
    let allowPrivateNetworks: Bool

    func check(_ text: String, field: String = "webhook_url") throws(PasarelaError) {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else {
            throw PasarelaError(.invalidRequest, "\(field): must be an http:// or https:// URL")
        }
        guard !allowPrivateNetworks else { return }
        if Self.isPrivate(host: host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))) {
            throw PasarelaError(
                .invalidRequest,
                "\(field): \(host) is a loopback, private or link-local address (set delivery.allow_private_networks to allow it)")
        }
    }

    /// Literal private addresses and local names. Names that resolve to private addresses are
    /// checked again when delivering.
    static func isPrivate(host: String) -> Bool {
        if host == "localhost" || host.hasSuffix(".localhost") || host.hasSuffix(".local") || host.hasSuffix(".internal") {
            return true
        }
        let octets = host.split(separator: ".").compactMap { UInt8($0) }
        if octets.count == 4, host.split(separator: ".").count == 4 {
            switch (octets[0], octets[1]) {
            case (0, _), (10, _), (127, _), (169, 254), (192, 168), (100, 64...127): return true
            case (172, 16...31): return true
            default: return false
            }
        }
        if host.contains(":") {
            return host == "::1" || host == "::" || host.hasPrefix("fe80:") || host.hasPrefix("fc") || host.hasPrefix("fd")
                || host.hasPrefix("::ffff:")
        }
        return false
    }
}
