import Foundation
import PasarelaTesting
import Testing

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
        try await Browser.withHost { hostURL in
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
            try await Browser.expectPasses(
                "checkout_browser.py", ["http://127.0.0.1:\(shopPort)", hostURL, TestHost.adminToken, Self.screenshots.path], checks: 22)
        }
    }
}
