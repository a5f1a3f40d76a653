import NIOCore
import Synchronization

/// Caps the connections one listening socket serves at once (`server.max_connections`). At the
/// cap the listener stops accepting, so new connections wait in the kernel's listen backlog; one
/// accepted anyway (a read already under way when the cap was reached) is held unread, in
/// arrival order, until a served connection closes.
final class ConnectionLimiter: Sendable {
    let limit: Int
    private let state = Mutex(State())

    private struct State {
        var served = 0
        var waiting: [(channel: any Channel, gate: ReadGate)] = []
    }

    init(limit: Int) {
        self.limit = limit
    }

    private var accepting: Bool { state.withLock { $0.served < limit } }

    /// Connections served now.
    var servedConnections: Int { state.withLock { $0.served } }

    /// Serves `channel` now, or holds it unread until a served connection closes; call it on
    /// the channel's event loop before anything is read.
    func opened(_ channel: any Channel) {
        guard let listener = channel.parent else { return }
        let gate = ReadGate()
        let served = state.withLock { state -> Bool in
            guard state.served < limit else {
                state.waiting.append((channel, gate))
                return false
            }
            state.served += 1
            return true
        }
        if !served { try? channel.pipeline.syncOperations.addHandler(gate, position: .first) }
        if !accepting { apply(to: listener) }
        channel.closeFuture.whenComplete { _ in self.closed(channel, listener: listener) }
    }

    private func closed(_ channel: any Channel, listener: any Channel) {
        let next = state.withLock { state -> ReadGate?? in
            if let index = state.waiting.firstIndex(where: { $0.channel === channel }) {
                state.waiting.remove(at: index)
                return .none
            }
            guard !state.waiting.isEmpty else {
                state.served -= 1
                return .some(nil)
            }
            return .some(state.waiting.removeFirst().gate)
        }
        switch next {
        case .none: return
        case .some(let gate?):
            gate.open()
        case .some(nil):
            apply(to: listener)
        }
    }

    /// Sets the listener's accepting to the state as it is when this runs on the listener's
    /// event loop, so pauses and resumes decided on different threads cannot land out of order.
    private func apply(to listener: any Channel) {
        listener.eventLoop.execute {
            let accepting = self.accepting
            listener.setOption(ChannelOptions.autoRead, value: accepting).whenSuccess {
                if accepting { listener.read() }
            }
        }
    }
}

/// Withholds a waiting connection's reads from its socket until ``open()``, so nothing it sends
/// is read, let alone answered, before it is served.
final class ReadGate: ChannelOutboundHandler, RemovableChannelHandler, @unchecked Sendable {
    // @unchecked: `context` and `withheld` are touched only on the channel's event loop (open()
    // hops there first).
    typealias OutboundIn = Any

    private var context: ChannelHandlerContext?
    private var isOpen = false
    private var withheld = false

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func read(context: ChannelHandlerContext) {
        guard isOpen else { return withheld = true }
        context.read()
    }

    /// Lets reads through, and the one withheld.
    func open() {
        guard let loop = context?.eventLoop else { return }
        loop.execute {
            guard let context = self.context else { return }
            self.isOpen = true
            if self.withheld { context.read() }
        }
    }
}
