import Foundation
import PasarelaKit
import Synchronization

/// Which webhook URLs a partner may use, and where a delivery connects: http(s) only, and no
/// internal target (see ``isInternal(_:)``) unless `delivery.allow_private_networks` is set.
///
/// The configuration file's URLs are checked as written (any IPv4 spelling `inet_aton` accepts,
/// such as `127.1` or `2130706433`, and IPv6). Registration and PATCH also resolve the name and
/// refuse it when it does not resolve or any of its addresses is internal. Each delivery resolves
/// the name once, checks every address, and connects to the address it checked (``Target``), so
/// the name cannot be pointed elsewhere between the check and the connection; deliveries never
/// follow redirects.
struct WebhookURLPolicy: Sendable {
    let allowPrivateNetworks: Bool
    var resolver: HostResolver = .system

    /// Where one delivery connects.
    struct Target: Sendable, Equatable {
        var scheme: String
        /// The host as written, in lower case, without brackets.
        var host: String
        var port: Int
        /// The path and query, from the `/`.
        var path: String
        /// The checked address to connect to, as text (IPv6 without brackets).
        var address: String

        /// The host is a name, not a literal address.
        var isName: Bool { WebhookURLPolicy.literalAddress(host) == nil }

        /// The `Host` header: the name as written, with the port unless it is the scheme's own.
        var hostHeader: String { port == (scheme == "https" ? 443 : 80) ? host : "\(host):\(port)" }

        /// The URL with the checked address in place of the name.
        var pinnedURL: String {
            "\(scheme)://\(address.contains(":") ? "[\(address)]" : address):\(port)\(path)"
        }
    }

    /// Checks the URL's form and, for a literal address or a local name, its target, without
    /// resolving anything: for the configuration file, read before the network may be up.
    func check(_ text: String, field: String = "webhook_url") throws(PasarelaError) {
        try check(host: Self.parts(of: text, field: field).host, field: field)
    }

    private func check(host: String, field: String) throws(PasarelaError) {
        guard !allowPrivateNetworks else { return }
        if Self.isLocalName(host) || Self.literalAddress(host).map(Self.isInternal) == true {
            throw refusal(host, field: field)
        }
    }

    /// ``check(_:field:)``, then every address the name resolves to; a name that does not resolve
    /// is refused too: for registration and PATCH.
    func checkRegistered(_ text: String, field: String = "webhook_url") async throws(PasarelaError) {
        try check(text, field: field)
        guard !allowPrivateNetworks else { return }
        _ = try await target(text, field: field)
    }

    /// Resolves the URL's host once and checks every address; the target is the first of them.
    func target(_ text: String, field: String = "webhook_url") async throws(PasarelaError) -> Target {
        var target = try Self.parsedParts(of: text, field: field)
        try check(host: target.host, field: field)
        let addresses: [[UInt8]]
        if let literal = Self.literalAddress(target.host) {
            addresses = [literal]
        } else {
            addresses = await resolver.resolve(target.host)
        }
        guard let first = addresses.first else {
            throw PasarelaError(.invalidRequest, "\(field): \(target.host) does not resolve")
        }
        if !allowPrivateNetworks && addresses.contains(where: Self.isInternal) {
            throw refusal(target.host, field: field)
        }
        target.address = Self.text(of: first)
        return target
    }

    private func refusal(_ host: String, field: String) -> PasarelaError {
        PasarelaError(
            .invalidRequest,
            "\(field): \(host) is or resolves to a loopback, private, link-local or otherwise internal address "
                + "(set delivery.allow_private_networks to allow it)")
    }

    /// URLs parsed by ``target(_:field:)``, by their text: every attempt to a partner would
    /// otherwise parse its URL again (3 % of the host's time draining a backlog). At most
    /// `parsedLimit` are kept; past that the cache starts over.
    private static let parsed = Mutex<[String: Target]>([:])
    private static let parsedLimit = 4096

    /// ``parts(of:field:)``, parsed once per URL.
    private static func parsedParts(of text: String, field: String) throws(PasarelaError) -> Target {
        if let known = parsed.withLock({ $0[text] }) { return known }
        let parts = try parts(of: text, field: field)
        parsed.withLock { cache in
            if cache.count >= parsedLimit { cache.removeAll(keepingCapacity: true) }
            cache[text] = parts
        }
        return parts
    }

    /// The URL's parts, with no address yet.
    private static func parts(of text: String, field: String) throws(PasarelaError) -> Target {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty, let authority = text.range(of: "://")
        else {
            throw PasarelaError(.invalidRequest, "\(field): must be an http:// or https:// URL")
        }
        let afterScheme = text[authority.upperBound...]
        let path = afterScheme.firstIndex { $0 == "/" || $0 == "?" }.map { String(afterScheme[$0...]) } ?? "/"
        return Target(
            scheme: scheme, host: host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]")),
            port: url.port ?? (scheme == "https" ? 443 : 80), path: path.hasPrefix("?") ? "/" + path : path, address: "")
    }

    static func isLocalName(_ host: String) -> Bool {
        host == "localhost" || host.hasSuffix(".localhost") || host.hasSuffix(".local") || host.hasSuffix(".internal")
    }
}
