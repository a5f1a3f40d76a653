import Foundation
import PasarelaHost
import PasarelaKit
import PasarelaTesting
import Testing

#if os(Linux)
/// Modules loaded from shared libraries (`modules.paths`): the sample out-of-tree provider,
/// built from `Samples/custom-provider` and loaded into a real `pasarela` process, and every
/// way a library can be refused.
@Suite("Loadable modules")
struct LoadableModuleTests {
    /// `Samples/custom-provider`, built once per test run: its `libCondorProvider.so`.
    static let sampleLibrary = Task<URL, any Error> {
        let package = Repository.root.appendingPathComponent("Samples/custom-provider")
        let build = try await ChildProcess.run("/usr/bin/env", ["swift", "build", "--package-path", package.path])
        guard build.status == 0 else { throw LoadableModuleTestFailure("swift build of the sample failed:\n\(build.output)\(build.errors)") }
        let binPath = try await ChildProcess.run("/usr/bin/env", ["swift", "build", "--package-path", package.path, "--show-bin-path"])
        let folder = binPath.output.trimmingCharacters(in: .whitespacesAndNewlines)
        return URL(fileURLWithPath: folder).appendingPathComponent("libCondorProvider.so")
    }

    @Test(
        "the sample provider loads from its library, is listed with its path, and takes payments",
        .enabled(if: HostProcess.isBuilt || Python.required))
    func sampleProvider() async throws {
        let library = try await Self.sampleLibrary.value.path
        try await withTemporaryDirectory { directory in
            let config = directory.appendingPathComponent("condor.yaml")
            try """
                storage: {url: "sqlite:\(directory.path)/host.sqlite"}
                admin: {token: "\(TestHost.adminToken)"}
                modules: {paths: ["\(library)"]}
                payments:
                  default: condor
                  instances:
                    condor: {module: condor, api_key: condor_test_51HxQ, approval_limit_minor: 5000}
                """.write(to: config, atomically: true, encoding: .utf8)

            let listed = try await ChildProcess.run(HostProcess.executable.path, ["modules", "--config", config.path, "--json"])
            #expect(listed.status == 0, "\(listed.errors)")
            let modules = try JSONValue.parse(Array(listed.output.utf8)).arrayValue ?? []
            let byName = Dictionary(uniqueKeysWithValues: modules.compactMap { module in module["name"]?.stringValue.map { ($0, module) } })
            #expect(byName["condor"]?["origin"]?.stringValue == library)
            #expect(byName["condor"]?["kind"]?.stringValue == "provider")
            #expect(byName["condor"]?["version"]?.stringValue == "1.0.0")
            #expect(byName["mock"]?["origin"]?.stringValue == "built-in")

            let host = try await HostProcess(config: config, port: try HostProcess.freePort())
            defer { host.kill() }
            let headers = [("Authorization", "Bearer \(TestHost.adminToken)"), ("Content-Type", "application/json")]
            let approved = try await host.request("POST", "/payments", body: #"{"amount":"42.50","currency":"EUR"}"#, headers: headers)
            #expect(approved.status == 201, "\(approved.body)")
            let payment = try JSONValue.parse(Array(approved.body.utf8))
            #expect(payment["status"]?.stringValue == "succeeded")
            #expect(payment["provider"]?.stringValue == "condor")
            let id = try #require(payment["id"]?.stringValue)
            #expect(payment["provider_payment_id"]?.stringValue == "condor_\(id)")

            let read = try await host.request("GET", "/payments/\(id)", headers: headers)
            #expect(try JSONValue.parse(Array(read.body.utf8))["status"]?.stringValue == "succeeded")

            let declined = try await host.request("POST", "/payments", body: #"{"amount":"50.01","currency":"EUR"}"#, headers: headers)
            #expect(declined.status == 201, "\(declined.body)")
            let declinedPayment = try JSONValue.parse(Array(declined.body.utf8))
            #expect(declinedPayment["status"]?.stringValue == "failed")
            #expect(declinedPayment["failure_code"]?.stringValue == "over_limit")

            let refund = try await host.request("POST", "/payments/\(id)/refunds", body: "{}", headers: headers)
            #expect(refund.status == 422, "\(refund.body)")
            #expect(refund.body.contains("unsupported_operation"))
        }
    }

    @Test(
        "two libraries offering one module name, or one library listed twice, stop the host with a message",
        .enabled(if: HostProcess.isBuilt || Python.required))
    func clashBetweenLibraries() async throws {
        let library = try await Self.sampleLibrary.value
        try await withTemporaryDirectory { directory in
            let copy = directory.appendingPathComponent("libCondorCopy.so")
            try FileManager.default.copyItem(at: library, to: copy)
            try FileManager.default.copyItem(
                at: library.deletingLastPathComponent().appendingPathComponent("libPasarelaKitDynamic.so"),
                to: directory.appendingPathComponent("libPasarelaKitDynamic.so"))
            for (paths, message) in [
                ([library.path, copy.path], "modules.paths[1]: module 'condor' from \(copy.path) clashes with the module from \(library.path)"),
                ([library.path, library.path], "modules.paths[1]: \(library.path) is listed twice (also modules.paths[0])"),
            ] {
                let config = directory.appendingPathComponent("clash.yaml")
                try "modules: {paths: [\(paths.map { "\"\($0)\"" }.joined(separator: ", "))]}".write(to: config, atomically: true, encoding: .utf8)
                let serve = try await ChildProcess.run(
                    HostProcess.executable.path, ["serve", "--config", config.path, "--port", "0"], timeout: .seconds(20))
                #expect(serve.status == 1 && !serve.timedOut)
                #expect(serve.errors.contains(message), "\(serve.errors)")
            }
        }
    }

    @Test("a missing file, a relative path and a file that is not a library are refused, naming the entry")
    func refusedFiles() async throws {
        try await withTemporaryDirectory { directory in
            let text = directory.appendingPathComponent("notes.so").path
            try "not a library".write(toFile: text, atomically: true, encoding: .utf8)
            try Self.expectRefusals([
                (directory.appendingPathComponent("missing.so").path, "no such file: "),
                ("libCondorProvider.so", "libCondorProvider.so is not an absolute path"),
                (text, "cannot load \(text): "),
            ])
        }
    }

    @Test(
        "a library that is not a module, built against another ADK, or handing over nothing is refused, naming both versions",
        .enabled(if: Self.hasCompiler || Python.required))
    func refusedLibraries() async throws {
        try await withTemporaryDirectory { directory in
            func library(_ name: String, _ source: String) async throws -> String {
                let file = directory.appendingPathComponent("\(name).c")
                try source.write(to: file, atomically: true, encoding: .utf8)
                let output = directory.appendingPathComponent("lib\(name).so").path
                let compiled = try await ChildProcess.run("/usr/bin/env", ["clang", "-shared", "-fPIC", "-o", output, file.path])
                guard compiled.status == 0 else { throw LoadableModuleTestFailure("clang failed: \(compiled.errors)") }
                return output
            }
            func entryPoints(version: String) -> String {
                """
                unsigned int pasarela_adk_version(void) { return \(version); }
                void *pasarela_module_library(void) { return 0; }
                """
            }
            let host = ADKVersion.host
            try Self.expectRefusals([
                (try await library("plain", "int add(int a, int b) { return a + b; }"), "is not a Pasarela module"),
                (
                    try await library("nextmajor", entryPoints(version: "\(host.major + 1) << 16")),
                    "was built against ADK \(host.major + 1).0; this host runs ADK \(host)"
                ),
                (
                    try await library("newerminor", entryPoints(version: "\(host.major) << 16 | \(host.minor + 1)")),
                    "was built against ADK \(host.major).\(host.minor + 1); this host runs ADK \(host)"
                ),
                (try await library("nothing", entryPoints(version: "\(host.major) << 16 | \(host.minor)")), "did not hand over a ModuleLibrary"),
            ])
            if HostProcess.isBuilt || Python.required {
                let config = directory.appendingPathComponent("wrong-adk.yaml")
                try #"modules: {paths: ["libnextmajor.so"]}"#.write(to: config, atomically: true, encoding: .utf8)
                let serve = try await ChildProcess.run(
                    HostProcess.executable.path, ["serve", "--config", config.path, "--port", "0"], timeout: .seconds(20))
                #expect(serve.status == 1 && !serve.timedOut)
                #expect(serve.errors.contains("modules.paths[0]: \(directory.path)/libnextmajor.so was built against ADK"), "\(serve.errors)")
            }
        }
    }

    /// Whether `clang` (the Swift toolchain has one) is on the path.
    static let hasCompiler = (try? ChildProcess.runBlocking("/usr/bin/env", ["clang", "--version"]).status) == 0

    /// Loading each path alone fails with an error on `modules.paths[0]` containing its message, and registers nothing.
    static func expectRefusals(_ cases: [(path: String, message: String)]) throws {
        for (path, message) in cases {
            var registry = try ModuleRegistry([])
            let error = #expect(throws: ConfigurationError.self) { try registry.loadLibraries([path]) }
            #expect(error?.key == "modules.paths[0]")
            #expect(error?.message.contains(message) == true, "\(error?.message ?? "") should contain \(message)")
            #expect(registry.modules.isEmpty)
        }
    }

    @Test("a module named like a built-in one is refused, naming both")
    func clashWithBuiltIn() throws {
        var registry = try ModuleRegistry([ModuleDescriptor(name: "mock", version: "1", summary: "", options: [], factory: .provider { _, _ in throw PasarelaError(.configuration, "unused") })])
        let descriptor = ModuleDescriptor(name: "mock", version: "2", summary: "", options: [], factory: .provider { _, _ in throw PasarelaError(.configuration, "unused") })
        #expect(throws: ConfigurationError(key: "", "module 'mock' from /opt/mods/libMock.so clashes with the built-in module of that name")) {
            try registry.register(descriptor, origin: .library("/opt/mods/libMock.so"))
        }
        #expect(registry.origin(of: "mock") == .builtIn)
    }
}

#else
/// Elsewhere the host refuses module libraries, saying why.
@Suite("Loadable modules")
struct LoadableModuleTests {
    @Test("loading a module library is refused as Linux-only")
    func refusedOffLinux() throws {
        var registry = try ModuleRegistry([])
        let error = #expect(throws: ConfigurationError.self) { try registry.loadLibraries(["/opt/mods/libAcme.so"]) }
        #expect(error?.message.contains("supported on Linux only") == true)
    }
}
#endif

/// A test's own failure, with what went wrong.
struct LoadableModuleTestFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
