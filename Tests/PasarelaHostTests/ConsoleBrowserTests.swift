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
        try await Browser.withHost(extraYAML: "delivery: {allow_private_networks: true, schedule: [0]}") { hostURL in
            try await Browser.expectPasses("console_browser.py", [hostURL, TestHost.adminToken, Self.screenshots.path], checks: 37)
        }
    }
}
