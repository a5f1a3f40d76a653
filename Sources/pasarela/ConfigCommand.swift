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
            let packs: [ResolvedInstance]
            let registry = try CommandSupport.registry(for: configuration)
            do {
                instances = try registry.resolveInstances(configuration.payments)
                packs = try registry.resolvePacks(configuration.packs)
            } catch {
                throw CommandFailure(error.description)
            }
            print("\(file): OK")
            print(ConfigurationReport.render(configuration, instances: instances, packs: packs))
        }
    }
}
