import Foundation
import Synchronization

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
        /// The exit status, or the number of the signal that ended it.
        public var status: Int32
        /// Whether it was stopped for running longer than its timeout.
        public var timedOut: Bool
        /// What it wrote to standard output.
        public var output: String
        /// What it wrote to standard error.
        public var errors: String
    }

    /// Runs `executable arguments…` (in `folder`, if given) and waits for it, blocking the caller.
    /// A program still running after `timeout` is sent SIGTERM, then SIGKILL 2 s later, so a
    /// test fails instead of hanging.
    public static func runBlocking(
        _ executable: String, _ arguments: [String], in folder: URL? = nil, timeout: Duration = .seconds(600)
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        // Both streams go to files: a pipe would keep the reader waiting for any grandchild that
        // inherited it, even after the child itself ended.
        let output = try CapturedStream()
        let errors = try CapturedStream()
        defer {
            output.remove()
            errors.remove()
        }
        process.standardOutput = output.handle
        process.standardError = errors.handle
        try process.run()
        let stopped = StopRecord()
        let stopper = DispatchWorkItem { [process] in
            guard process.isRunning else { return }
            stopped.happened.withLock { $0 = true }
            process.terminate()
            Thread.sleep(forTimeInterval: 2)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        let (seconds, attoseconds) = timeout.components
        DispatchQueue.global().asyncAfter(deadline: .now() + Double(seconds) + Double(attoseconds) / 1e18, execute: stopper)
        process.waitUntilExit()
        stopper.cancel()
        return Result(
            status: process.terminationStatus, timedOut: stopped.happened.withLock { $0 }, output: output.text(), errors: errors.text())
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

/// Whether the timeout stopped the child.
private final class StopRecord: Sendable {
    let happened = Mutex(false)
}

/// A temporary file a child process writes one of its streams to.
private struct CapturedStream {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString).out")
    let handle: FileHandle

    init() throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
        handle = try FileHandle(forWritingTo: url)
    }

    func text() -> String {
        (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    func remove() {
        try? handle.close()
        try? FileManager.default.removeItem(at: url)
    }
}
