import ArgumentParser
import Foundation
import PasarelaKit

struct SignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a webhook body read from standard input and print the headers to send.",
        discussion: "Example: pasarela sign --scheme standard --secret whsec_… < body.json")

    @Option(help: "Signature scheme: seed or standard.")
    var scheme: String

    @Option(help: "The shared secret. Repeat it to sign with several (standard, during a rotation).")
    var secret: [String]

    @Option(help: "Message id (standard's webhook-id). Default: a new random id.")
    var id: String?

    @Option(help: "Unix time to sign at. Default: now.")
    var timestamp: Int?

    func run() throws {
        let body = Array(FileHandle.standardInput.readDataToEndOfFile())
        let signer = try CommandSupport.scheme(scheme)
        let message = SignedMessage(
            id: id ?? "msg_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased(),
            timestamp: timestamp.map { Date(timeIntervalSince1970: TimeInterval($0)) } ?? Date(), body: body)
        do {
            for header in try signer.sign(message, secrets: secret) {
                print("\(header.name): \(header.value)")
            }
        } catch {
            throw CommandFailure(error.description)
        }
    }
}
