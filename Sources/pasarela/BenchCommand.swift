import ArgumentParser
import Foundation
import PasarelaBench

/// `pasarela bench`: the load generators. `bench` alone (or `bench webhooks`) fires webhooks at
/// a URL; `bench outbound` measures deliveries to partners.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure a host: inbound webhooks (the default) or outbound deliveries.",
        subcommands: [BenchWebhooksCommand.self, BenchOutboundCommand.self], defaultSubcommand: BenchWebhooksCommand.self)
}

/// What every benchmark prints: a summary for people, or with `--json` one line of JSON for
/// `Samples/bench-chart.py`.
struct BenchOutputOptions: ParsableArguments {
    @Flag(help: "Print the figures as one line of JSON (the input of Samples/bench-chart.py) instead of the summary.")
    var json = false

    @Option(help: "Names the run's series in the JSON (for example \"seed\" or \"max_in_flight=128\").")
    var label: String?

    @Flag(name: .customLong("no-progress"), help: "Do not print a progress line (to standard error) each second.")
    var noProgress = false

    /// Ends the progress line, then prints `summary`, or `json(label)` with `--json`.
    func print(summary: String, json: (String?) -> String) {
        if !noProgress { ProgressLine.end() }
        Swift.print(self.json ? json(label) : summary)
    }
}

struct BenchWebhooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks",
        abstract: "Fire distinct signed webhooks at a URL and print requests/s, p50 and p99.",
        discussion: """
            Example, against a host with a partner `acme` (scheme standard):
            pasarela bench --url http://127.0.0.1:8080/webhooks/partner/acme --scheme standard --secret whsec_… -n 100000 -c 32
            """)

    @Option(help: "The webhook URL.")
    var url: String

    @Option(help: "Signature scheme: seed or standard.")
    var scheme: String = "standard"

    @Option(help: "The partner's shared secret.")
    var secret: String

    @Option(name: .customLong("partner-id"), help: "Sent as X-Partner-ID.")
    var partnerID: String?

    @Option(name: [.customShort("n"), .long], help: "How many webhooks to send.")
    var requests: Int = 10_000

    @Option(name: [.customShort("c"), .long], help: "How many connections to use.")
    var connections: Int = 32

    @Option(help: "Event-loop threads driving the connections (one keeps the generator's share of the CPU small).")
    var threads: Int = 1

    @Option(help: "Stalled connections to hold open meanwhile: each sends a head and part of a large body, then nothing (a slowloris).")
    var stalled: Int = 0

    @OptionGroup var output: BenchOutputOptions

    func validate() throws {
        guard requests > 0, connections > 0, connections <= 1024, (1...64).contains(threads), (0...10_000).contains(stalled) else {
            throw ValidationError(
                "--requests must be positive, --connections between 1 and 1024, --threads between 1 and 64 and --stalled between 0 and 10000")
        }
    }

    func run() async throws {
        let report = try await WebhookBenchmark.run(
            .init(url: url, scheme: scheme, secret: secret, partnerID: partnerID, requests: requests, connections: connections,
                threads: threads, stalled: stalled, progress: output.noProgress ? nil : Self.printProgress))
        output.print(summary: report.summary, json: report.json(label:))
    }
}

extension BenchWebhooksCommand {
    /// `sent 12000/100000 (12 %)`, as a ``ProgressLine``.
    @Sendable static func printProgress(sent: Int, total: Int) {
        ProgressLine.show("sent \(sent)/\(total) (\(total > 0 ? sent * 100 / total : 100) %)")
    }
}

struct BenchReceiverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-receiver",
        abstract: "Serve a bare route that reads the body and computes one HMAC: the baseline for pasarela bench.")

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port: Int = 9000

    @Option(help: "The HMAC key.")
    var secret: String = "bench"

    func run() async throws {
        try await BareReceiver.run(host: host, port: port, secret: secret)
    }
}

struct BenchOutboundCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbound",
        abstract: "Queue events for partners whose endpoint is this command's own receiver; print deliveries/s and accepted → first attempt.",
        discussion: """
            The host must allow private networks (delivery.allow_private_networks: true) to reach the receiver. Example:
            pasarela bench outbound --url http://127.0.0.1:8080 --token "$PASARELA_ADMIN_TOKEN" -n 100000 --partners 10 --backlog
            """)

    @OptionGroup var host: HostAPIOptions

    @Option(name: [.customShort("n"), .long], help: "How many events to queue.")
    var events: Int = 10_000

    @Option(help: "How many partners share them.")
    var partners: Int = 1

    @Option(name: [.customShort("c"), .long], help: "Connections queueing events.")
    var connections: Int = 16

    @Option(help: "Events queued per second (open loop); as fast as the host answers when absent.")
    var rate: Int?

    @Flag(help: "Queue every event with the partners disabled, then enable them and time the drain alone.")
    var backlog = false

    @Option(name: .customLong("receiver-latency-ms"), help: "Milliseconds the receiver waits before each answer.")
    var receiverLatency: Int = 0

    @Option(name: .customLong("failure-ratio"), help: "The share of attempts the receiver answers 500, from 0 to 1.")
    var failureRatio: Double = 0

    @Option(name: .customLong("receiver-port"), help: "The receiver's port on 127.0.0.1.")
    var receiverPort: Int = 9100

    @Option(name: .customLong("host-pid"), help: "The host's process id, to report its memory.")
    var hostPID: Int32?

    @Option(help: "The host's SQLite file, to report the database's size.")
    var database: String?

    @OptionGroup var output: BenchOutputOptions

    func validate() throws {
        guard events > 0, (1...10_000).contains(partners), (1...1024).contains(connections), (0...60_000).contains(receiverLatency),
            (0...1).contains(failureRatio), rate.map({ $0 > 0 }) ?? true
        else {
            throw ValidationError(
                "-n must be positive, --partners 1 to 10000, -c 1 to 1024, --receiver-latency-ms 0 to 60000, --failure-ratio 0 to 1, --rate positive")
        }
    }

    func run() async throws {
        let options = OutboundBenchmark.Options(
            url: host.url, token: host.token, events: events, partners: partners, connections: connections, rate: rate, backlog: backlog,
            receiverLatency: Duration.milliseconds(receiverLatency), failureRatio: failureRatio, receiverPort: receiverPort, hostPID: hostPID,
            databasePath: database, progress: output.noProgress ? nil : ProgressLine.show)
        let report = try await OutboundBenchmark.run(options)
        output.print(summary: report.summary, json: report.json(label:))
    }
}
