import ArgumentParser
import Foundation
import PasarelaHost
import PasarelaKit

struct ModulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "modules", abstract: "List the modules this host can load, with their options.")

    @Flag(name: .long, help: "Print a JSON array instead of text.")
    var json = false

    func run() throws {
        let registry = try ModuleRegistry(BuiltInModules.all)
        if json {
            print(JSONValue.array(registry.modules.map(Self.json)).serialized())
            return
        }
        for module in registry.modules {
            print("\(module.name)  \(module.kind)  \(module.version)  built-in")
            print("  \(module.summary)")
            for option in module.options {
                var flags = [option.type.rawValue, option.required ? "required" : "optional"]
                if option.secret { flags.append("secret") }
                if let value = option.defaultValue { flags.append("default \(value)") }
                print("  - \(option.name) (\(flags.joined(separator: ", "))): \(option.summary)")
            }
        }
    }

    private static func json(_ module: ModuleDescriptor) -> JSONValue {
        .object([
            "name": .string(module.name), "kind": .string(module.kind.rawValue), "version": .string(module.version),
            "origin": .string("built-in"), "summary": .string(module.summary),
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
