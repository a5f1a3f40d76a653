import ArgumentParser
import Foundation
import Logging
import PasarelaHost

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the host. Without --config: Mock provider, SQLite ./pasarela.sqlite, port 8080.")

    @Option(name: .long, help: "YAML configuration file.")
    var config: String?

    @Option(name: .long, help: "Address to listen on (overrides server.host).")
    var host: String?

    @Option(name: .long, help: "Port to listen on (overrides server.port).")
    var port: Int?

    @Option(name: .long, help: "Log lines as plain text (on standard error) or as one JSON object per line (on standard output).")
    var logFormat: LogFormat = .text

    enum LogFormat: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    func run() async throws {
        var configuration = try CommandSupport.loadConfiguration(path: config)
        if let host { configuration.server.host = host }
        if let port {
            guard (0...65535).contains(port) else { throw CommandFailure("--port must be between 0 and 65535") }
            configuration.server.port = port
        }
        if logFormat == .json {
            // The command owns the process, so the process-wide logging system is its to set:
            // libraries' own loggers then write JSON too.
            LoggingSystem.bootstrap { label in JSONLogHandler.standardOutput(label: label) }
        }
        let logger = Logger(label: "pasarela")
        let registry = try CommandSupport.registry(for: configuration)
        let host: HostApplication
        do {
            host = try await buildApplication(configuration: configuration, registry: registry, logger: logger)
        } catch let error as ConfigurationError {
            throw CommandFailure(error.description)
        }
        if let token = host.generatedAdminToken {
            // Never among the log lines: JSON logs go to standard output, so the token goes to standard error.
            let console = logFormat == .json ? FileHandle.standardError : FileHandle.standardOutput
            console.write(Data(
                """
                No admin token is configured, so one was generated. It is shown only this once;
                only its hash is kept. Send it as `Authorization: Bearer <token>`:

                    \(token)


                """.utf8))
        }
        logger.info(
            "pasarela listening",
            metadata: [
                "address": "\(configuration.server.host):\(configuration.server.port)",
                "identity": "\(configuration.identity)", "storage": "\(ConfigurationReport.redactedURL(configuration.storageURL))",
            ])
        try await host.application.runService()
    }
}
