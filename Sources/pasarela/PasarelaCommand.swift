import ArgumentParser

@main
struct PasarelaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pasarela",
        abstract: "A payment adapter host: payment providers and partner webhooks behind one API.",
        subcommands: [
            ServeCommand.self, ModulesCommand.self, ConfigCommand.self, SignCommand.self, VerifyCommand.self, BenchCommand.self,
            BenchReceiverCommand.self, TriggerCommand.self, TailCommand.self,
        ])
}
