import Foundation
import ModuleScaffolding
import Testing

/// `new-module`'s generator, run on a copy of this repository's own `Package.swift` and module list.
@Suite("new-module scaffolding")
struct ModuleScaffoldTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let copiedFiles = ["Package.swift", "Sources/pasarela/BuiltInModules.swift", "Sources/FindyourWorkPack/FindyourWorkModule.swift"]

    /// A package folder holding copies of the files the generator reads and edits.
    func withPackageCopy(_ body: (URL) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scaffold-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        // The ADK's types may not be hidden; its documentation's example module `acme` takes no name.
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Sources"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Self.repository.appendingPathComponent("Sources/PasarelaKit"), to: folder.appendingPathComponent("Sources/PasarelaKit"))
        for path in Self.copiedFiles {
            let target = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: Self.repository.appendingPathComponent(path), to: target)
        }
        try body(folder)
    }

    func read(_ path: String, in folder: URL) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
    }

    @Test("a provider and a pack of one name: their folders, targets, and lines in the module list")
    func generatesBoth() throws {
        try withPackageCopy { folder in
            let provider = try ModuleScaffold(name: ScaffoldName("AcmeBank", kind: .provider), package: folder).generate()
            let pack = try ModuleScaffold(name: ScaffoldName("AcmeBank", kind: .pack), package: folder).generate()
            #expect(provider.contains("Sources/AcmeBankProvider/AcmeBankModule.swift"))
            #expect(provider.contains("Tests/AcmeBankProviderTests/AcmeBankProviderConformanceTests.swift"))
            #expect(pack.contains("Sources/AcmeBankPack/AcmeBankPack.swift"))

            let manifest = try read("Package.swift", in: folder)
            for target in ["AcmeBankProvider", "AcmeBankProviderTests", "AcmeBankPack", "AcmeBankPackTests"] {
                #expect(manifest.components(separatedBy: "name: \"\(target)\"").count == 2, "\(target) once in Package.swift")
            }
            let executable = try #require(manifest.range(of: ".executableTarget(\n            name: \"pasarela\",\n")).upperBound
            let hostDependencies = manifest[executable...].prefix { $0 != "]" }
            #expect(hostDependencies.contains("\"AcmeBankProvider\",") && hostDependencies.contains("\"AcmeBankPack\","))
            #expect(manifest.contains("// new-module: module targets") && manifest.contains("// new-module: host dependencies"))

            let list = try read("Sources/pasarela/BuiltInModules.swift", in: folder)
            #expect(list.contains("import AcmeBankProvider\n") && list.contains("import AcmeBankPack\n"))
            #expect(list.contains("        AcmeBankProvider.AcmeBankModule.descriptor,\n        AcmeBankPack.AcmeBankModule.descriptor,\n    ]"))

            let descriptor = try read("Sources/AcmeBankProvider/AcmeBankModule.swift", in: folder)
            #expect(descriptor.contains("name: \"acme-bank\""))
            #expect(try read("Sources/AcmeBankPack/AcmeBankModule.swift", in: folder).contains("name: \"acme-bank-pack\""))
        }
    }

    @Test("names that are not upper-camel-case identifiers are refused", arguments: ["acme", "Acme-Pay", "Acme Pay", "1Acme", "", "Ácme", String(repeating: "A", count: 41)])
    func invalidNames(name: String) {
        #expect(throws: ScaffoldError.self) { try ScaffoldName(name, kind: .provider) }
    }

    /// A clash to set up in the package copy, and what new-module must say.
    struct Clash: Sendable, CustomTestStringConvertible {
        let name: String
        let kind: ScaffoldKind
        let message: String
        var setUp: @Sendable (URL) throws -> Void = { _ in }
        var testDescription: String { "\(kind) \(name)" }
    }

    static let clashCases: [Clash] = [
        Clash(name: "Mock", kind: .provider, message: "Sources/MockProvider already exists") { folder in
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("Sources/MockProvider"), withIntermediateDirectories: true)
        },
        Clash(name: "Findyourwork", kind: .provider, message: "the module name 'findyourwork' is taken by Sources/FindyourWorkPack/FindyourWorkModule.swift"),
        Clash(name: "Pasarela", kind: .provider, message: "Package.swift already has a target named PasarelaProvider") { folder in
            let manifest = folder.appendingPathComponent("Package.swift")
            try (String(contentsOf: manifest, encoding: .utf8) + "\nlet extra = Target.target(name: \"PasarelaProvider\")\n")
                .write(to: manifest, atomically: true, encoding: .utf8)
        },
        Clash(name: "Payment", kind: .provider, message: "PaymentProvider would hide the ADK's own PaymentProvider"),
        Clash(name: "EventHandler", kind: .pack, message: "EventHandlerPack would hide the ADK's own EventHandlerPack"),
    ]

    @Test("clashing names are refused, and nothing is written", arguments: Self.clashCases)
    func clashes(clash: Clash) throws {
        try withPackageCopy { folder in
            try clash.setUp(folder)
            let before = try Self.copiedFiles.map { try read($0, in: folder) }
            let error = #expect(throws: ScaffoldError.self) {
                try ModuleScaffold(name: ScaffoldName(clash.name, kind: clash.kind), package: folder).generate()
            }
            #expect(error?.description.contains(clash.message) == true, "\(error?.description ?? "")")
            #expect(try Self.copiedFiles.map { try read($0, in: folder) } == before)
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("Tests").path))
        }
    }

    @Test("names in comments and option names do not count as taken")
    func falseClashes() throws {
        try withPackageCopy { folder in
            // MercadoPago has an option named `installments`; ModuleDescriptor's documentation a module named `acme`.
            let options = folder.appendingPathComponent("Sources/MercadoPagoProvider/MercadoPagoModule.swift")
            try FileManager.default.createDirectory(at: options.deletingLastPathComponent(), withIntermediateDirectories: true)
            try "let descriptor = ModuleDescriptor(\n    name: \"mercadopago\", options: [OptionSpec(name: \"installments\")])\n"
                .write(to: options, atomically: true, encoding: .utf8)
            #expect(throws: Never.self) { try ModuleScaffold(name: ScaffoldName("Installments", kind: .provider), package: folder).plan() }
            #expect(throws: Never.self) { try ModuleScaffold(name: ScaffoldName("Acme", kind: .provider), package: folder).plan() }
            let error = #expect(throws: ScaffoldError.self) { try ModuleScaffold(name: ScaffoldName("Mercadopago", kind: .provider), package: folder).plan() }
            #expect(error?.description.contains("'mercadopago' is taken") == true)
        }
    }

    @Test("a write that fails half-way takes back what was written and names the file")
    func rollback() throws {
        try withPackageCopy { folder in
            // A file where the test target's folder should go: the sources are written, then the tests fail.
            try "in the way".write(to: folder.appendingPathComponent("Tests"), atomically: true, encoding: .utf8)
            let before = try Self.copiedFiles.map { try read($0, in: folder) }
            let error = #expect(throws: ScaffoldError.self) { try ModuleScaffold(name: ScaffoldName("Acme", kind: .provider), package: folder).generate() }
            #expect(error?.description.hasPrefix("writing Tests/AcmeProviderTests/AcmeProviderConformanceTests.swift failed") == true, "\(error?.description ?? "")")
            #expect(error?.description.hasSuffix("; nothing was kept") == true)
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("Sources/AcmeProvider").path))
            #expect(try Self.copiedFiles.map { try read($0, in: folder) } == before)
        }
    }

    @Test("a package without the markers is refused, naming the marker")
    func missingMarker() throws {
        try withPackageCopy { folder in
            let manifest = try read("Package.swift", in: folder).replacingOccurrences(of: "// new-module: module targets", with: "")
            try manifest.write(to: folder.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
            let error = #expect(throws: ScaffoldError.self) { try ModuleScaffold(name: ScaffoldName("Acme", kind: .pack), package: folder).generate() }
            #expect(error?.description.contains("no '// new-module: module targets' line") == true)
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("Sources/AcmePack").path))
        }
    }

    @Test("--hosted-checkout gives a provider the capability, a checkout file and a fixture currency; a pack refuses it")
    func hostedCheckoutPart() throws {
        try withPackageCopy { folder in
            let plain = try ModuleScaffold(name: ScaffoldName("Acme", kind: .provider), package: folder).plan()
            #expect(!plain.contains { $0.path.hasSuffix("+Checkout.swift") })
            let files = try ModuleScaffold(name: ScaffoldName("Acme", kind: .provider), package: folder, hostedCheckout: true).plan()
            let checkout = try #require(files.first { $0.path == "Sources/AcmeProvider/AcmePaymentProvider+Checkout.swift" })
            #expect(checkout.contents.contains("func openCheckout(_ request: CheckoutRequest) async throws -> HostedCheckout"))
            #expect(checkout.contents.contains("ProviderRoute(.get, \"/{id}\")"))
            let provider = try #require(files.first { $0.path == "Sources/AcmeProvider/AcmePaymentProvider.swift" })
            #expect(provider.contents.contains("var capabilities: ProviderCapabilities { [.fetch, .hostedCheckout] }"))
            #expect(checkout.contents.contains("func fetchPayment(providerPaymentID: String) async throws -> ProviderPayment"))
            #expect(checkout.contents.contains("HTML.escaped("))
            let test = try #require(files.first { $0.path.hasSuffix("ConformanceTests.swift") })
            #expect(test.contents.contains("currencies: [.usd]"))
            let error = #expect(throws: ScaffoldError.self) {
                try ModuleScaffold(name: ScaffoldName("Acme", kind: .pack), package: folder, hostedCheckout: true).plan()
            }
            #expect(error?.description == "--hosted-checkout is for provider modules; a pack has no checkout")
        }
    }
}
