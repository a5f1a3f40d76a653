import Logging
import PasarelaKit

extension ModuleContext {
    /// A context for module tests: an in-memory store, a fake clock and a transport that
    /// refuses all traffic unless one is given.
    public static func testing(
        instanceName: String = "test", transport: any HTTPTransport = FakeTransport.unreachable(),
        store: any ModuleStore = InMemoryModuleStore(), clock: any WallClock = FakeClock(),
        logger: Logger = Logger(label: "pasarela.test")
    ) -> ModuleContext {
        ModuleContext(instanceName: instanceName, transport: transport, store: store, clock: clock, logger: logger)
    }
}
