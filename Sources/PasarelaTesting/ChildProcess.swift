import Foundation

/// Runs a program to its end and collects what it printed: a real tool as a peer in tests
/// (`python3`, `swift build`, the `pasarela` executable).
///
/// ```swift
/// let result = try await ChildProcess.run("/usr/bin/env", ["swift", "build"], in: packageFolder)
/// #expect(result.status == 0, "\(result.errors)")
/// ```
public enum ChildProcess {
    /// What a finished program left: its exit status, standard output and standard error.
    public struct Result: Sendable {
        /// The exit status; a program stopped for running too long reports the signal's number.
        public var status: Int32
        /// What it wrote to standard output.
        public var output: String
        /// What it wrote to standard error.
        public var errors: String
    }

    /// Runs `executable arguments…` (in `folder`, if given) and waits for it, blocking the caller.
    /// A program still running after `timeout` is terminated, so a test fails instead of hanging.
    public static func runBlocking(
        _ executable: String, _ arguments: [String], in folder: URL? = nil, timeout: Duration = .seconds(600)
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        let output = Pipe()
        // Standard error goes to a file, so that neither stream can fill up and stall the child.
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString).err")
        guard FileManager.default.createFile(atPath: errorFile.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown)
        }
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errors = try FileHandle(forWritingTo: errorFile)
        defer { try? errors.close() }
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [process] in
            if process.isRunning { process.terminate() }
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            errors: (try? String(contentsOf: errorFile, encoding: .utf8)) ?? "")
    }

    /// Runs `executable arguments…` on a thread of its own, so servers under test keep serving.
    public static func run(
        _ executable: String, _ arguments: [String], in folder: URL? = nil, timeout: Duration = .seconds(600)
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Swift.Result { try runBlocking(executable, arguments, in: folder, timeout: timeout) })
            }
        }
    }
}
