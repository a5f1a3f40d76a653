import Foundation
import PasarelaTesting
import Testing

/// What the browser tests need: Playwright for Python and Debian's Chromium.
enum Browser {
    static var isAvailable: Bool {
        Python.has("playwright") && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
    }
}

/// The hosted checkout as a customer uses it: a real `pasarela serve`, the sample shop
/// (`Samples/checkout/shop.py`) and headless Chromium driven by Playwright
/// (`Fixtures/checkout_browser.py`). Screenshots land in `.build/screenshots/checkout/`.
@Suite(
    "Hosted checkout in a real browser",
    .enabled(if: HostProcess.isBuilt && (Browser.isAvailable || Python.required), "needs playwright and /usr/bin/chromium"))
struct CheckoutBrowserTests {
    static let screenshots = Repository.root.appendingPathComponent(".build/screenshots/checkout")

    @Test("shop → checkout page → pay, decline, cancel → back at the shop; used and unknown tokens; without JavaScript on a phone")
    func flows() async throws {
        try await withTemporaryDirectory { directory in
            let port = try HostProcess.freePort()
            let hostURL = "http://127.0.0.1:\(port)"
            let config = directory.appendingPathComponent("host.yaml")
            try """
            admin: {token: "\(TestHost.adminToken)"}
            storage: {url: "sqlite:\(directory.path)/host.sqlite"}
            server: {public_url: "\(hostURL)"}
            """.write(to: config, atomically: true, encoding: .utf8)
            let host = try await HostProcess(config: config, port: port)
            defer { host.kill() }
            let shopPort = try HostProcess.freePort()
            let shop = Process()
            shop.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            shop.arguments = [
                "python3", Repository.root.appendingPathComponent("Samples/checkout/shop.py").path, "--pasarela", hostURL,
                "--token", TestHost.adminToken, "--port", String(shopPort),
            ]
            // Neither of the test's pipes: a shop left running must not keep `swift test` waiting.
            shop.standardOutput = FileHandle.nullDevice
            shop.standardError = FileHandle.nullDevice
            try shop.run()
            defer {
                kill(shop.processIdentifier, SIGKILL)
                shop.waitUntilExit()
            }
            let run = try await ChildProcess.run(
                "/usr/bin/env",
                [
                    "python3", Python.partners.fixtures.appendingPathComponent("checkout_browser.py").path,
                    "http://127.0.0.1:\(shopPort)", hostURL, TestHost.adminToken, Self.screenshots.path,
                ],
                timeout: .seconds(180))
            let passed = run.output.split(separator: "\n").filter { $0.hasPrefix("ok:") }
            #expect(run.status == 0, "\(run.output)\(run.errors)")
            #expect(passed.count == 22, "\(run.output)\(run.errors)")
        }
    }
}
