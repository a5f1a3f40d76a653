import ArgumentParser
import Foundation
import PasarelaHost
import PasarelaKit

/// Where a running host is and how to sign in: `--url` and `--token`, or the environment's
/// `PASARELA_URL` and `PASARELA_ADMIN_TOKEN`.
struct HostAPIOptions: ParsableArguments {
    @Option(help: "The host's base URL (env PASARELA_URL).")
    var url: String = ProcessInfo.processInfo.environment["PASARELA_URL"] ?? "http://127.0.0.1:8080"

    @Option(help: "The admin token (env PASARELA_ADMIN_TOKEN).")
    var token: String = ProcessInfo.processInfo.environment["PASARELA_ADMIN_TOKEN"] ?? ""

    func validate() throws {
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else { throw ValidationError("--url must be an http(s) URL") }
        guard !token.isEmpty else { throw ValidationError("--token (or PASARELA_ADMIN_TOKEN) is required") }
    }

    var client: HostAPIClient {
        HostAPIClient(base: url.hasSuffix("/") ? String(url.dropLast()) : url, token: token)
    }
}

/// The admin API of a running host, for the CLI.
struct HostAPIClient: Sendable {
    let base: String
    let token: String
    let transport = AsyncHTTPClientTransport()

    /// `method path` with `body`; the answer's JSON, or the host's error as a thrown message.
    func call(_ method: String, _ path: String, body: JSONValue? = nil) async throws -> JSONValue {
        var headers: [(name: String, value: String)] = [("Authorization", "Bearer \(token)"), ("Accept", "application/json")]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        let response: TransportResponse
        do {
            response = try await transport.send(
                TransportRequest(
                    method: method, url: base + path, headers: headers, body: body.map { Array($0.serialized().utf8) } ?? [],
                    timeout: .seconds(10)))
        } catch {
            throw CLIFailure(description: "cannot reach \(base): \(error)")
        }
        let json = (try? JSONValue.parse(response.body)) ?? .null
        guard (200..<300).contains(response.status) else {
            let detail = json["error"].map { "\($0["code"]?.stringValue ?? "error"): \($0["message"]?.stringValue ?? "")" } ?? "no details"
            throw CLIFailure(description: "\(method) \(path) answered \(response.status) (\(detail))")
        }
        return json
    }
}

/// A failure the CLI reports as one line, with exit status 1.
struct CLIFailure: Error, CustomStringConvertible {
    let description: String
}
