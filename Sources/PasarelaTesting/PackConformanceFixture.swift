import PasarelaKit

/// What ``PackConformance`` needs to drive one event-handler pack: its options and partners, the
/// state to start from, one sample event per subscribed type and values for route parameters.
///
/// ```swift
/// let fixture = PackConformanceFixture(
///     partners: ["chuwue-grill"],
///     events: [.fromPartner("chuwue-grill", type: .reservationConfirmed, data: reservation)],
///     parameters: ["external_event_id": "RES-1", "booking_id": "BK-1"],
///     setUp: { harness in try await harness.call(.post, "/opportunities/RES-1/bookings", body: booking) })
/// ```
public struct PackConformanceFixture: Sendable {
    /// The pack's options.
    public var options: [String: OptionValue]
    /// Partners the host knows, as if configured.
    public var partners: [String]
    /// One sample per subscribed event type, handed over in this order (after ``setUp``); each
    /// must change the pack's documents or emit something, or it tests nothing.
    public var events: [PackEvent]
    /// A value for each route path parameter, by name (`reservation_id`); a parameter without one
    /// gets `conformance-unknown`. Each route with parameters is also called with
    /// `conformance-unknown` for all of them, as an id that names nothing.
    public var parameters: [String: String]
    /// Brings a new harness to the state the samples and routes expect (records they refer to).
    public var setUp: @Sendable (PackHarness) async throws -> Void

    /// A fixture; only the sample events are required.
    public init(
        options: [String: OptionValue] = [:], partners: [String] = [], events: [PackEvent], parameters: [String: String] = [:],
        setUp: @escaping @Sendable (PackHarness) async throws -> Void = { _ in }
    ) {
        self.options = options
        self.partners = partners
        self.events = events
        self.parameters = parameters
        self.setUp = setUp
    }
}
