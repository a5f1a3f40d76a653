import Foundation

/// Runs the Python partner scripts in Fixtures/, as real peers of the host.
enum Python {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// Whether `python3` can import `module`.
    static func has(_ module: String) -> Bool {
        (try? run(["-c", "import \(module)"]).status) == 0
    }

    /// CI must run the Python interoperability tests; elsewhere they need the packages installed.
    static var required: Bool { ProcessInfo.processInfo.environment["CI"] != nil }

    /// Runs `python3 arguments…` and returns its exit status and standard output.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Runs a fixture script in a background thread, so the server under test keeps serving.
    static func script(_ name: String, _ arguments: [String]) async throws -> [String] {
        let path = fixtures.appendingPathComponent(name).path
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                do {
                    let result = try run([path] + arguments)
                    continuation.resume(returning: result.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }
}
