import ArgumentParser
import Foundation
import PasarelaHost
import PasarelaKit

struct ModulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "modules", abstract: "List the modules this host can load, with their options.")

    @Option(name: .long, help: "YAML configuration file whose modules.paths libraries are loaded too.")
    var config: String?

    @Flag(name: .long, help: "Print a JSON array instead of text.")
    var json = false

    @Flag(name: .long, help: "Print each module's options as Markdown tables (what docs/module-options.md holds).")
    var markdown = false

    func validate() throws {
        guard !(json && markdown) else { throw ValidationError("--json and --markdown: choose one") }
    }

    func run() throws {
        let registry = try CommandSupport.registry(for: config.map(CommandSupport.loadConfiguration(path:)))
        if markdown {
            print(Self.markdown(registry.modules), terminator: "")
            return
        }
        if json {
            print(JSONValue.array(registry.modules.map { Self.json($0, origin: registry.origin(of: $0.name) ?? .builtIn) }).serialized())
            return
        }
        for module in registry.modules {
            print("\(module.name)  \(module.kind)  \(module.version)  \(registry.origin(of: module.name) ?? .builtIn)")
            print("  \(module.summary)")
            for option in module.options {
                var flags = [option.type.rawValue, option.required ? "required" : "optional"]
                if option.secret { flags.append("secret") }
                if let value = option.defaultValue { flags.append("default \(value)") }
                print("  - \(option.name) (\(flags.joined(separator: ", "))): \(option.summary)")
            }
        }
    }

    private static func json(_ module: ModuleDescriptor, origin: ModuleOrigin) -> JSONValue {
        .object([
            "name": .string(module.name), "kind": .string(module.kind.rawValue), "version": .string(module.version),
            "origin": .string(origin.description), "summary": .string(module.summary),
            "options": .array(
                module.options.map { option in
                    .object([
                        "name": .string(option.name), "type": .string(option.type.rawValue),
                        "required": .bool(option.required), "secret": .bool(option.secret),
                        "default": option.defaultValue?.jsonValue ?? .null,
                        "summary": .string(option.summary),
                    ])
                }),
        ])
    }
}
