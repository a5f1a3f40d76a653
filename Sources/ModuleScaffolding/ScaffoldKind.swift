/// What `new-module` scaffolds: a payment provider or an event-handler pack.
public enum ScaffoldKind: String, CaseIterable, Sendable {
    case provider
    case pack

    /// The target suffix: `AcmeProvider`, `AcmePack`.
    var targetSuffix: String {
        switch self {
        case .provider: return "Provider"
        case .pack: return "Pack"
        }
    }
}
