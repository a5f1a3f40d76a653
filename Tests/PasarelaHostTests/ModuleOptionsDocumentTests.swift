import Foundation
import PasarelaTesting
import Testing

/// `docs/module-options.md` is `pasarela modules --markdown`'s output, so the options documented
/// are the options the modules declare.
@Suite("Module options page")
struct ModuleOptionsDocumentTests {
    @Test("docs/module-options.md is what `pasarela modules --markdown` prints", .enabled(if: HostProcess.isBuilt || Python.required))
    func pageMatchesTheModules() async throws {
        let printed = try await ChildProcess.run(HostProcess.executable.path, ["modules", "--markdown"])
        #expect(printed.status == 0, "\(printed.errors)")
        let page = Repository.root.appendingPathComponent("docs/module-options.md")
        let documented = try String(contentsOf: page, encoding: .utf8)
        #expect(printed.output.contains("## `stripe` (provider"))
        #expect(
            documented == printed.output,
            "docs/module-options.md is out of date: run `swift run pasarela modules --markdown > docs/module-options.md`")
    }

    @Test("--markdown and --json together are refused", .enabled(if: HostProcess.isBuilt || Python.required))
    func oneFormat() async throws {
        let both = try await ChildProcess.run(HostProcess.executable.path, ["modules", "--markdown", "--json"])
        #expect(both.status != 0)
        #expect(both.errors.contains("choose one"))
    }
}
