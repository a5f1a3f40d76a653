import Foundation
import PasarelaTesting
import Testing

/// What the browser tests share: Playwright for Python with Debian's Chromium, a real
/// `pasarela serve` to point it at, and the fixtures that drive it.
enum Browser {
    static var isAvailable: Bool {
        Python.has("playwright") && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
    }

    /// Runs `body` with the URL of a real `pasarela serve` on a SQLite file in a temporary
    /// directory, with the tests' admin token, `server.public_url` and `extraYAML`.
    static func withHost(extraYAML: String = "", _ body: (_ hostURL: String) async throws -> Void) async throws {
        try await withTemporaryDirectory { directory in
            let port = try HostProcess.freePort()
            let hostURL = "http://127.0.0.1:\(port)"
            let config = directory.appendingPathComponent("host.yaml")
            try """
            admin: {token: "\(TestHost.adminToken)"}
            storage: {url: "sqlite:\(directory.path)/host.sqlite"}
            server: {public_url: "\(hostURL)"}
            \(extraYAML)
            """.write(to: config, atomically: true, encoding: .utf8)
            let host = try await HostProcess(config: config, port: port)
            defer { host.kill() }
            try await body(hostURL)
        }
    }

    /// Runs the Playwright fixture `script` with `arguments` and expects it to pass with exactly
    /// `checks` `ok:` lines (each check it prints, so none is silently skipped).
    static func expectPasses(_ script: String, _ arguments: [String], checks: Int) async throws {
        let run = try await ChildProcess.run(
            "/usr/bin/env", ["python3", Python.partners.fixtures.appendingPathComponent(script).path] + arguments, timeout: .seconds(180))
        let passed = run.output.split(separator: "\n").filter { $0.hasPrefix("ok:") }
        #expect(run.status == 0, "\(run.output)\(run.errors)")
        #expect(passed.count == checks, "\(run.output)\(run.errors)")
    }
}
