import ArgumentParser
import Foundation
import PasarelaKit

/// `pasarela trigger EVENT_TYPE --partner ID`: sends the event catalog's example of a type to a
/// partner through a running host, like `stripe trigger`.
struct TriggerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trigger", abstract: "Send the event catalog's example of an event type to a partner through a running host.",
        discussion: """
            Example: pasarela trigger payment.succeeded --partner n8n --url http://127.0.0.1:8080 --token "$PASARELA_ADMIN_TOKEN"
            """)

    @Argument(help: "The event type (see GET /event-types).")
    var eventType: String

    @Option(help: "The partner to send it to.")
    var partner: String

    @Option(help: "The event's data as JSON, instead of the catalog's example.")
    var data: String?

    @OptionGroup var host: HostAPIOptions

    func run() async throws {
        // A failure (CLIFailure) is printed by ArgumentParser as `Error: …`, exit status 1.
        let client = host.client
        let payload = try await self.payload(from: client)
        let answer = try await client.call(
            "POST", "/partners/\(Self.pathSegment(partner))/events", body: .object(["event_type": .string(eventType), "data": payload]))
        print(
            "queued \(eventType) to \(partner): event \(answer["event_id"]?.stringValue ?? "?"), "
                + "delivery \(answer["delivery_id"]?.stringValue ?? "?")")
    }

    /// `--data`, else the catalog's example of the type; a type the catalog does not know needs `--data`.
    private func payload(from client: HostAPIClient) async throws -> JSONValue {
        if let data {
            guard let value = try? JSONValue.parse(Array(data.utf8)), value.objectValue != nil else {
                throw CLIFailure(description: "--data must be a JSON object")
            }
            return value
        }
        let catalog = try await client.call("GET", "/event-types")["data"]?.arrayValue ?? []
        guard let entry = catalog.first(where: { $0["type"]?.stringValue == eventType }) else {
            throw CLIFailure(description: "the host's event catalog has no \(eventType); give its data with --data")
        }
        return entry["example"] ?? .object([:])
    }

    /// `id` percent-encoded for a URL path.
    static func pathSegment(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))) ?? id
    }
}
