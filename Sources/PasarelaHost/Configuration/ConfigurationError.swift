/// A configuration problem, naming the key it is about.
public struct ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The dotted path of the offending key, such as `payments.instances.stripe.module`.
    public var key: String
    public var message: String

    public init(key: String, _ message: String) {
        self.key = key
        self.message = message
    }

    public var description: String { key.isEmpty ? message : "\(key): \(message)" }
}
