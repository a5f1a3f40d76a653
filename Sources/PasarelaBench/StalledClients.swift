import NIOCore
import NIOPosix
import Synchronization

/// Connections that behave like a slowloris attack while `pasarela bench` runs: each sends a
/// webhook's head and half of a large body, then nothing, and opens a new connection as soon as
/// the host closes it. What the host does with them (read timeout, body budget) shows in how
/// many it had to close and in its memory.
final class StalledClients: Sendable {
    private let host: String
    private let port: Int
    private let path: String
    private let group: any EventLoopGroup
    private let stopped = Atomic(false)
    private let open = Mutex<[ObjectIdentifier: any Channel]>([:])
    /// Connections the host closed.
    let closedByHost = Atomic<Int>(0)

    init(host: String, port: Int, path: String, group: any EventLoopGroup) {
        self.host = host
        self.port = port
        self.path = path
        self.group = group
    }

    /// The bytes each connection sends: a head announcing 1 MiB and 256 KiB of it.
    private var request: ByteBuffer {
        var buffer = ByteBuffer(string: "POST \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nContent-Length: 1048576\r\n\r\n")
        buffer.writeRepeatingByte(UInt8(ascii: "x"), count: 262_144)
        return buffer
    }

    /// Keeps `count` stalled connections open until ``stop()``.
    func run(count: Int) async {
        await withTaskGroup(of: Void.self) { lanes in
            for _ in 0..<count {
                lanes.addTask { await self.lane() }
            }
        }
    }

    private func lane() async {
        while !stopped.load(ordering: .relaxed) {
            do {
                let channel = try await ClientBootstrap(group: group).connect(host: host, port: port).get()
                let key = ObjectIdentifier(channel)
                open.withLock { $0[key] = channel }
                try await channel.writeAndFlush(request)
                try await channel.closeFuture.get()
                open.withLock { $0[key] = nil }
                if !stopped.load(ordering: .relaxed) { closedByHost.add(1, ordering: .relaxed) }
            } catch {
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// Closes every connection and stops opening new ones.
    func stop() {
        stopped.store(true, ordering: .relaxed)
        for channel in open.withLock({ Array($0.values) }) { channel.close(promise: nil) }
    }
}
