import ArgumentParser
import Foundation
import PasarelaKit
import PasarelaHost

/// A failure the CLI reports as one line, `Error: <message>`, with exit status 1 and no usage text.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

enum CommandSupport {
    /// Loads a configuration, turning its errors into a one-line message naming the key.
    static func loadConfiguration(path: String?) throws -> HostConfiguration {
        do {
            return try ConfigurationLoader().load(path: path)
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// The built-in modules and those of the libraries in the configuration's `modules.paths`.
    static func registry(for configuration: HostConfiguration?) throws -> ModuleRegistry {
        do {
            var registry = try ModuleRegistry(BuiltInModules.all)
            try registry.loadLibraries(configuration?.modulePaths ?? [])
            return registry
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// The signature scheme `name`, or a one-line failure naming the known ones.
    static func scheme(_ name: String, tolerance: TimeInterval = 300) throws -> any SignatureScheme {
        do {
            return try SignatureSchemes.named(name, tolerance: tolerance)
        } catch {
            throw CommandFailure(error.description)
        }
    }
}
