import Foundation
import PasarelaKit
import Yams

/// Reads a YAML configuration file, interpolates `${VAR}`, applies `PASARELA_*` overrides and
/// checks every key. Without a file, the embedded defaults apply (Mock provider, SQLite).
public struct ConfigurationLoader: Sendable {
    /// Environment keys that override configuration keys: `PASARELA_SERVER_PORT` → `server.port`.
    public static let overridableKeys = [
        "identity", "server.host", "server.port", "server.max_body_bytes", "server.read_timeout_seconds",
        "server.idle_timeout_seconds", "server.max_connections", "admin.token", "storage.url",
        "storage.sqlite_synchronous", "payments.default", "secrets.key",
    ]

    let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// Loads `path`, or the embedded defaults when `path` is `nil`.
    public func load(path: String?) throws(ConfigurationError) -> HostConfiguration {
        guard let path else { return try load(yaml: "") }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(key: "", "cannot read \(path): \(error.localizedDescription)")
        }
        var configuration = try load(yaml: text)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        configuration.modulePaths = configuration.modulePaths.map { URL(fileURLWithPath: $0, relativeTo: folder).standardizedFileURL.path }
        return configuration
    }

    /// Loads configuration from YAML text (empty text means the embedded defaults); relative
    /// `modules.paths` are left for the caller to resolve.
    public func load(yaml text: String) throws(ConfigurationError) -> HostConfiguration {
        var tree = try parse(text)
        for key in Self.overridableKeys {
            let variable = "PASARELA_" + key.uppercased().replacingOccurrences(of: ".", with: "_")
            if let value = environment[variable] {
                tree = tree.setting(ArraySlice(key.split(separator: ".").map(String.init)), to: .scalar(value, plain: true))
            }
        }
        return try ConfigurationDecoder().decode(tree)
    }

    private func parse(_ text: String) throws(ConfigurationError) -> ConfigValue {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw ConfigurationError(key: "", "the configuration is not valid YAML: \(error)")
        }
        guard let node else { return .mapping([]) }
        let tree = try convert(node, key: "")
        guard case .mapping = tree else { throw ConfigurationError(key: "", "the configuration must be a mapping") }
        return tree
    }

    private func convert(_ node: Node, key: String) throws(ConfigurationError) -> ConfigValue {
        switch node {
        case .scalar(let scalar):
            let text = try EnvironmentInterpolation(environment: environment).interpolate(scalar.string, key: key)
            return .scalar(text, plain: scalar.style == .plain || scalar.style == .any)
        case .mapping(let mapping):
            var members: [(key: String, value: ConfigValue)] = []
            for (keyNode, valueNode) in mapping {
                guard case .scalar(let keyScalar) = keyNode else {
                    throw ConfigurationError(key: key, "mapping keys must be plain strings")
                }
                let childKey = key.isEmpty ? keyScalar.string : "\(key).\(keyScalar.string)"
                members.append((keyScalar.string, try convert(valueNode, key: childKey)))
            }
            return .mapping(members)
        case .sequence(let sequence):
            var elements: [ConfigValue] = []
            for (position, element) in sequence.enumerated() {
                elements.append(try convert(element, key: "\(key)[\(position)]"))
            }
            return .sequence(elements)
        case .alias:
            throw ConfigurationError(key: key, "YAML aliases are not supported")
        }
    }
}
