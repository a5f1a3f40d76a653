import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A real `pasarela serve` process, for tests that kill it.
///
/// `@unchecked Sendable`: `process` is only started in `init`; afterwards it is only signalled and
/// waited for, which Foundation's `Process` allows from any thread.
final class HostProcess: @unchecked Sendable {
    /// The `pasarela` executable built next to the test bundle (`swift build --build-tests` builds it).
    static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("pasarela")

    static var isBuilt: Bool { FileManager.default.isExecutableFile(atPath: executable.path) }

    let port: Int
    private let process = Process()

    /// Starts `pasarela serve --config config --port port` (and `arguments`) and waits until
    /// `/healthz` answers. Standard output goes to `output`, or nowhere.
    init(config: URL, port: Int, arguments: [String] = [], output: FileHandle? = nil) async throws {
        self.port = port
        process.executableURL = Self.executable
        process.arguments = ["serve", "--config", config.path, "--port", String(port)] + arguments
        process.standardOutput = output ?? FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if (try? await request("GET", "/healthz").status) == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        kill()
        throw CocoaError(.executableLoad)
    }

    /// `kill -9`: no chance to flush or drain anything.
    func kill() {
        guard process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// `kill -TERM`: a graceful shutdown.
    func terminate() {
        guard process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGTERM)
    }

    /// Whether the process exits within `timeout`.
    func exits(within timeout: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        return !process.isRunning
    }

    /// Sends one request and returns the status and the body text.
    func request(_ method: String, _ path: String, body: String? = nil, headers: [(String, String)] = []) async throws
        -> (status: Int, body: String)
    {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: bytes))
    }

    /// A port that was free a moment ago.
    static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(socket, raw, length) == 0 && getsockname(socket, raw, &length) == 0
            }
        }
        guard bound else { throw CocoaError(.fileReadUnknown) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
