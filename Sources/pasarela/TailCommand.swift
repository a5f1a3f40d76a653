import ArgumentParser
import Foundation
import PasarelaKit

/// `pasarela tail`: follows a running host's deliveries and inbound events, one flushed line each
/// as they appear or change, like `stripe listen`.
struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail", abstract: "Follow a running host's deliveries and inbound events, a line each as they appear or change.")

    @Flag(help: "One JSON object a line, for machines.")
    var json = false

    @Flag(help: "Also show what the host holds already (the newest 100 of each).")
    var fromStart = false

    @Option(help: "Seconds between looks.")
    var interval: Double = 1

    @Option(help: "Stop after this many lines (for scripts); none by default.")
    var count: Int?

    @OptionGroup var host: HostAPIOptions

    func validate() throws {
        guard interval >= 0.1, interval <= 60 else { throw ValidationError("--interval must be between 0.1 and 60 seconds") }
        if let count, count < 1 { throw ValidationError("--count must be at least 1") }
    }

    func run() async throws {
        let client = host.client
        var seen: [String: String] = [:]
        var printed = 0
        var first = true
        while true {
            for item in try await changes(from: client, seen: &seen) where !first || fromStart {
                // Written at once, not buffered: a pipe reader sees each line as it happens.
                FileHandle.standardOutput.write(Data(((json ? item.json.serialized() : item.line) + "\n").utf8))
                printed += 1
                if let count, printed >= count { return }
            }
            first = false
            try await Task.sleep(for: .milliseconds(Int64(interval * 1_000)))
        }
    }

    /// One thing seen: its state (a line is printed when it changes), its line and its JSON.
    struct Item {
        var key: String
        var state: String
        var line: String
        var json: JSONValue
    }

    /// The deliveries and inbound events that are new or changed since `seen`, oldest first.
    private func changes(from client: HostAPIClient, seen: inout [String: String]) async throws -> [Item] {
        let deliveries = try await client.call("GET", "/deliveries?limit=100")["data"]?.arrayValue ?? []
        let events = try await client.call("GET", "/events?limit=100")["data"]?.arrayValue ?? []
        let items = (deliveries.map(Self.delivery) + events.map(Self.inbound)).reversed()
        let fresh = items.filter { seen[$0.key] != $0.state }
        // Only what the window shows is kept: what left it (newer ones pushed it out) never comes
        // back, so a long tail's memory stays at two windows' worth.
        seen = Dictionary(items.map { ($0.key, $0.state) }, uniquingKeysWith: { _, last in last })
        return fresh
    }

    /// `delivery dlv_… order.created → acme: delivered after 1 attempt (HTTP 200)`.
    static func delivery(_ json: JSONValue) -> Item {
        let id = json["id"]?.stringValue ?? "?"
        let status = json["status"]?.stringValue ?? "?"
        let attempts = json["attempt_count"]?.int64Value ?? 0
        let code = json["last_status_code"]?.int64Value.map { " (HTTP \($0))" } ?? json["last_error"]?.stringValue.map { " (\($0))" } ?? ""
        let line = "delivery \(id) \(json["event_type"]?.stringValue ?? "?") → \(json["partner_id"]?.stringValue ?? "?"): "
            + "\(status) after \(attempts) attempt\(attempts == 1 ? "" : "s")\(code)"
        return Item(key: "delivery/\(id)", state: "\(status)/\(attempts)", line: line, json: .object(["kind": .string("delivery"), "delivery": json]))
    }

    /// `inbound evt_… event.reservation_confirmed from findyourwork: processed`.
    static func inbound(_ json: JSONValue) -> Item {
        let id = json["id"]?.stringValue ?? "?"
        let status = json["status"]?.stringValue ?? "?"
        let line = "inbound \(id) \(json["event_type"]?.stringValue ?? "?") from \(json["source"]?.stringValue ?? "?"): \(status)"
        var trimmed = json
        if case .object(var members) = json {
            members["payload"] = nil
            trimmed = .object(members)
        }
        return Item(key: "event/\(id)", state: status, line: line, json: .object(["kind": .string("inbound"), "event": trimmed]))
    }
}
