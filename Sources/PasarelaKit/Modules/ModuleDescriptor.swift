/// What a module tells the host about itself: its name, kind, version, options and factory.
///
/// ```swift
/// public enum AcmeModule {
///     public static let descriptor = ModuleDescriptor(
///         name: "acme", version: "1.0.0", summary: "Acme Pay cards",
///         options: [.init(name: "api_key", type: .string, required: true, secret: true)],
///         factory: .provider { options, context in try AcmeProvider(options: options, context: context) })
/// }
/// ```
public struct ModuleDescriptor: Sendable {
    /// The name the configuration uses (`module: acme`): lower case, digits and `-`.
    public var name: String
    public var version: String
    /// One line saying what the module does.
    public var summary: String
    /// Every option the module takes; anything else in its config is refused.
    public var options: [OptionSpec]
    /// How to build an instance.
    public var factory: ModuleFactory

    public init(name: String, version: String, summary: String, options: [OptionSpec], factory: ModuleFactory) {
        self.name = name
        self.version = version
        self.summary = summary
        self.options = options
        self.factory = factory
    }

    /// Provider or pack, from the factory.
    public var kind: ModuleKind { factory.kind }
}

/// How a module builds an instance from validated options and the host's context.
public enum ModuleFactory: Sendable {
    /// A payment provider.
    case provider(@Sendable (ModuleOptions, ModuleContext) throws -> any PaymentProvider)
    /// An event-handler pack.
    case pack(@Sendable (ModuleOptions, PackContext) throws -> any EventHandlerPack)

    /// The kind of module this factory builds.
    public var kind: ModuleKind {
        switch self {
        case .provider: return .provider
        case .pack: return .pack
        }
    }
}

/// The kind of a module.
public struct ModuleKind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// A payment-provider module.
    public static let provider = ModuleKind(rawValue: "provider")
    /// An event-handler pack.
    public static let pack = ModuleKind(rawValue: "pack")
}
