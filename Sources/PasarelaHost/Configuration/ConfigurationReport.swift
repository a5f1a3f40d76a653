import PasarelaKit
import Foundation

/// The text `pasarela config check` prints for a valid configuration: the resolved settings and
/// instances, with secret options and storage passwords masked.
public enum ConfigurationReport {
    public static func render(_ configuration: HostConfiguration, instances: [ResolvedInstance], packs: [ResolvedInstance] = []) -> String {
        var lines = [
            "identity: \(configuration.identity)",
            "server: \(configuration.server.host):\(configuration.server.port), max body \(configuration.server.maxBodyBytes) bytes",
            "storage: \(redactedURL(configuration.storageURL))"
                + (configuration.storageURL.hasPrefix("sqlite:") ? ", synchronous \(configuration.sqliteSynchronous)" : ""),
            "admin token: \(configuration.adminToken == nil ? "generated at first start" : "configured (****)")",
            "payment instances (default \(configuration.payments.defaultInstance)):",
        ]
        for instance in instances {
            lines.append("  \(instance.name): module \(instance.descriptor.name)\(describe(instance.options))")
        }
        for route in configuration.payments.routes {
            lines.append("  route: currency \(route.currency.code) -> \(route.instance)")
        }
        lines.append("packs: \(packs.isEmpty ? "none" : "")")
        for pack in packs {
            lines.append("  \(pack.name)\(describe(pack.options))")
        }
        if !configuration.modulePaths.isEmpty {
            lines.append("module libraries:")
            lines += configuration.modulePaths.map { "  \($0)" }
        }
        return lines.joined(separator: "\n")
    }

    /// `, name=value, …` of the set options, secrets masked.
    private static func describe(_ options: ModuleOptions) -> String {
        let pairs = options.masked.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return pairs.isEmpty ? "" : ", " + pairs.joined(separator: ", ")
    }

    /// A URL with the password of its user-info part replaced by `****`.
    public static func redactedURL(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url.range(of: "@", range: scheme.upperBound..<url.endIndex),
            let colon = url.range(of: ":", range: scheme.upperBound..<at.lowerBound)
        else { return url }
        return url.replacingCharacters(in: colon.upperBound..<at.lowerBound, with: "****")
    }
}
