import ArgumentParser
import Foundation
import ModuleScaffolding

/// The tool behind the `new-module` command plugin (Plugins/NewModule).
@main
struct NewModuleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new-module",
        abstract: "Scaffold a payment-provider module or an event-handler pack, with its conformance test.",
        discussion: """
            Run it through the package plugin, from the repository's root:
              swift package --allow-writing-to-package-directory new-module --kind provider --name Acme
            """)

    @Option(help: "provider or pack.")
    var kind: ScaffoldKind

    @Option(help: "The module's name in upper camel case (Acme, AcmeBank): targets AcmeProvider or AcmePack.")
    var name: String

    @Flag(help: "Provider modules: add a hosted checkout to fill in (openCheckout and a page under /checkout/{instance}).")
    var hostedCheckout = false

    @Option(help: "The package's root folder.")
    var package: String = FileManager.default.currentDirectoryPath

    func run() throws {
        let scaffold: ModuleScaffold
        let written: [String]
        do {
            scaffold = ModuleScaffold(
                name: try ScaffoldName(name, kind: kind), package: URL(fileURLWithPath: package), hostedCheckout: hostedCheckout)
            written = try scaffold.generate()
        } catch {
            // A refusal or a failed write, not a usage mistake: one line, exit status 1.
            throw NewModuleFailure(description: "\(error)")
        }
        let names = scaffold.name
        print("Created the \(kind) module '\(names.registryName)':")
        for path in written { print("  \(path)") }
        print(
            """

            Next:
              swift build
              swift test --filter \(names.testTarget)
              swift run pasarela modules        # lists '\(names.registryName)' as built-in
            Then implement \(names.target) against PasarelaKit, and grow the conformance fixture in
            Tests/\(names.testTarget) as you go. docs/modules.md has the guide.
            """)
    }
}

extension ScaffoldKind: ExpressibleByArgument {}

/// What `new-module` reports when it generates nothing: ArgumentParser prints it as `Error: …`.
struct NewModuleFailure: Error, CustomStringConvertible {
    let description: String
}
