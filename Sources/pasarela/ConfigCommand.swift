import ArgumentParser
import PasarelaHost

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Work with configuration files.", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate a configuration file and print the resolved instances, secrets masked.")

        @Argument(help: "The YAML configuration file.")
        var file: String

        func run() throws {
            let configuration = try CommandSupport.loadConfiguration(path: file)
            let instances: [ResolvedInstance]
            do {
                instances = try ModuleRegistry(BuiltInModules.all).resolveInstances(configuration.payments)
            } catch {
                throw CommandFailure(error.description)
            }
            print("\(file): OK")
            print("identity: \(configuration.identity)")
            print("server: \(configuration.server.host):\(configuration.server.port), max body \(configuration.server.maxBodyBytes) bytes")
            print("storage: \(CommandSupport.redactedURL(configuration.storageURL))")
            print("admin token: \(configuration.adminToken == nil ? "generated at first start" : "configured (****)")")
            print("payment instances (default \(configuration.payments.defaultInstance)):")
            for instance in instances {
                let options = instance.options.masked.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                print("  \(instance.name): module \(instance.descriptor.name)\(options.isEmpty ? "" : ", " + options.joined(separator: ", "))")
            }
            for route in configuration.payments.routes {
                print("  route: currency \(route.currency.code) -> \(route.instance)")
            }
        }
    }
}
