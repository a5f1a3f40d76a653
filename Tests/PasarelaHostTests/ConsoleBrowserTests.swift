import Foundation
import PasarelaTesting
import Testing

/// The operator console (docs/console.md) as an operator uses it: a real `pasarela serve`, a
/// webhook receiver that fails then recovers, and headless Chromium driven by Playwright
/// (`Fixtures/console_browser.py`). Screenshots land in `.build/screenshots/console/`.
@Suite(
    "Operator console in a real browser",
    .enabled(if: HostProcess.isBuilt && (Browser.isAvailable || Python.required), "needs playwright and /usr/bin/chromium"))
struct ConsoleBrowserTests {
    static let screenshots = Repository.root.appendingPathComponent(".build/screenshots/console")

    @Test("sign in, every page, a dead delivery retried until delivered, a refund, a secret rotated, CSRF refused, a phone's width, sign out, without JavaScript")
    func flows() async throws {
        try await withTemporaryDirectory { directory in
            let port = try HostProcess.freePort()
            let hostURL = "http://127.0.0.1:\(port)"
            let config = directory.appendingPathComponent("host.yaml")
            try """
            admin: {token: "\(TestHost.adminToken)"}
            storage: {url: "sqlite:\(directory.path)/host.sqlite"}
            server: {public_url: "\(hostURL)"}
            delivery: {allow_private_networks: true, schedule: [0]}
            """.write(to: config, atomically: true, encoding: .utf8)
            let host = try await HostProcess(config: config, port: port)
            defer { host.kill() }
            let run = try await ChildProcess.run(
                "/usr/bin/env",
                [
                    "python3", Python.partners.fixtures.appendingPathComponent("console_browser.py").path,
                    hostURL, TestHost.adminToken, Self.screenshots.path,
                ],
                timeout: .seconds(180))
            let passed = run.output.split(separator: "\n").filter { $0.hasPrefix("ok:") }
            #expect(run.status == 0, "\(run.output)\(run.errors)")
            #expect(passed.count == 37, "\(run.output)\(run.errors)")
        }
    }
}
