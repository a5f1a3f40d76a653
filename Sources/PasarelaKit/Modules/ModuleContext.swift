import Foundation
import Logging

/// Everything a module may use from the outside world, handed to it by the host.
///
/// Modules never open sockets, files or databases themselves, and never read the system clock:
/// that is what makes them testable with fakes and loadable as plugins.
public struct ModuleContext: Sendable {
    /// The configured instance name (`stripe-eu`), which may differ from the module name.
    public var instanceName: String
    /// Outbound HTTP.
    public var transport: any HTTPTransport
    /// Durable key-value storage private to this instance.
    public var store: any ModuleStore
    /// The current time.
    public var clock: any WallClock
    public var logger: Logger

    public init(
        instanceName: String, transport: any HTTPTransport, store: any ModuleStore, clock: any WallClock,
        logger: Logger
    ) {
        self.instanceName = instanceName
        self.transport = transport
        self.store = store
        self.clock = clock
        self.logger = logger
    }
}

/// A source of the current time.
public protocol WallClock: Sendable {
    /// Now.
    func now() -> Date
}

/// The system's clock.
public struct SystemClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}
