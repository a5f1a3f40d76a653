/// An event type a module sends or receives, with what it means and an example of its data: an
/// entry of the host's event catalog (`GET /event-types`).
///
/// ```swift
/// EventTypeDeclaration("guest.greeted", .outbound, "A guest was greeted at the door", example: .object(["name": .string("Ana")]))
/// ```
///
/// - Since: ADK 2.1.
public struct EventTypeDeclaration: Hashable, Sendable {
    /// Whether the module receives the type, sends it, or both.
    public enum Direction: String, Hashable, Sendable {
        /// The module receives the type.
        case inbound
        /// The module sends the type.
        case outbound
        /// The module sends and receives the type.
        case both

        /// Whether a module declaring this direction may send the type.
        public var sends: Bool { self != .inbound }
    }

    /// The event type.
    public var type: EventType
    /// Whether the module receives it, sends it, or both.
    public var direction: Direction
    /// What the event means, in a sentence.
    public var description: String
    /// An example of the event's `data`.
    public var example: JSONValue

    /// Declares `type`, sent or received as `direction` says.
    public init(_ type: EventType, _ direction: Direction, _ description: String, example: JSONValue) {
        self.type = type
        self.direction = direction
        self.description = description
        self.example = example
    }
}
