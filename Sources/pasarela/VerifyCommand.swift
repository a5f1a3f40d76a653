import ArgumentParser
import Foundation
import PasarelaKit

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a webhook body read from standard input against its signature headers.",
        discussion: """
            Prints `valid`, or `invalid: <why>` and exits with status 1. Example:
            pasarela verify --scheme seed --secret S --header 'X-HMAC-Signature: 3f…' < body.json
            """)

    @Option(help: "Signature scheme: seed or standard.")
    var scheme: String

    @Option(help: "A secret to try; repeat for several.")
    var secret: [String]

    @Option(help: "A received header, as 'Name: value'; repeat for each.")
    var header: [String]

    @Option(help: "Freshness tolerance in seconds.")
    var tolerance: Int = 300

    func run() throws {
        var headers: [String: String] = [:]
        for line in header {
            guard let colon = line.firstIndex(of: ":") else { throw ValidationError("--header must be 'Name: value', got '\(line)'") }
            headers[line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()] =
                line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let body = Array(FileHandle.standardInput.readDataToEndOfFile())
        let verifier = try CommandSupport.scheme(scheme, tolerance: TimeInterval(tolerance))
        do {
            _ = try verifier.verify(headers: headers, body: body, secrets: secret, now: Date())
            print("valid")
        } catch {
            print("invalid: \(error.description)")
            throw ExitCode(1)
        }
    }
}
