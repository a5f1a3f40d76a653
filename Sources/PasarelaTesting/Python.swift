import Foundation

/// Runs `python3` as a real peer in tests: a provider's official SDK, or a partner's own code.
///
/// ```swift
/// static let sdk = Python(fixtures: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures"))
///
/// @Test(.enabled(if: Python.has("mercadopago") || Python.required))
/// func officialSDK() async throws {
///     let lines = try await Self.sdk.script("mercadopago_sdk.py", ["validate", header])
/// }
/// ```
public struct Python: Sendable {
    /// The folder holding the test's scripts.
    public let fixtures: URL

    public init(fixtures: URL) {
        self.fixtures = fixtures
    }

    /// Whether `python3` can import `module`.
    public static func has(_ module: String) -> Bool {
        (try? run(["-c", "import \(module)"]).status) == 0
    }

    /// CI (`CI` set) must run the Python interoperability tests; elsewhere they need the packages installed.
    public static var required: Bool { ProcessInfo.processInfo.environment["CI"] != nil }

    /// Runs `python3 arguments…` and returns its exit status and standard output.
    public static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let result = try ChildProcess.runBlocking("/usr/bin/env", ["python3"] + arguments)
        return (result.status, result.output)
    }

    /// Runs the fixture script `name` on a thread of its own, so a server under test keeps
    /// serving, and returns its output lines.
    public func script(_ name: String, _ arguments: [String]) async throws -> [String] {
        let path = fixtures.appendingPathComponent(name).path
        let result = try await ChildProcess.run("/usr/bin/env", ["python3", path] + arguments)
        return result.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
