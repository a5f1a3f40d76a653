/// The names one `new-module --name Acme` derives: targets, types and the module's registry name.
public struct ScaffoldName: Sendable, Equatable {
    /// What the user typed: `Acme`, `AcmeBank`.
    public let base: String
    public let kind: ScaffoldKind

    /// Checks that `base` is an upper-camel-case Swift identifier that can head type names.
    public init(_ base: String, kind: ScaffoldKind) throws(ScaffoldError) {
        guard let first = base.unicodeScalars.first, ("A"..."Z").contains(first),
            base.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) })
        else {
            throw ScaffoldError(
                "'\(base)' is not a valid module name: use an upper-camel-case Swift identifier of ASCII letters and digits, such as Acme or AcmeBank")
        }
        guard base.count <= 40 else { throw ScaffoldError("'\(base)' is too long: use at most 40 characters") }
        self.base = base
        self.kind = kind
    }

    /// The library target: `AcmeProvider`.
    public var target: String { base + kind.targetSuffix }
    /// The test target: `AcmeProviderTests`.
    public var testTarget: String { target + "Tests" }
    /// The enum holding the descriptor: `AcmeModule`, as the built-in `StripeModule` and
    /// `ChuwueGrillModule`. A provider and a pack of one base name each have one, in their own
    /// targets; the executable's module list names them by target (`AcmeProvider.AcmeModule`).
    public var moduleType: String { base + "Module" }
    /// The type that does the work: `AcmePaymentProvider`, or the pack `AcmePack`, as the
    /// built-in `StripePaymentProvider` and `ChuwueGrillPack`.
    public var workerType: String {
        switch kind {
        case .provider: return base + "PaymentProvider"
        case .pack: return target
        }
    }
    /// How the executable's module list names the descriptor: `AcmeProvider.AcmeModule.descriptor`.
    var qualifiedDescriptor: String { "\(target).\(moduleType).descriptor" }
    /// Every name the new module declares or adds to the package.
    var declaredNames: [String] { [target, testTarget, moduleType, workerType, target + "ConformanceTests"] }
    /// The name the configuration uses: `acme` for a provider, `acme-pack` for a pack (so a
    /// provider and a pack of one base name do not clash).
    public var registryName: String {
        var words: [String] = []
        var word = ""
        for character in base {
            if character.isUppercase, let last = word.last, last.isLowercase || last.isNumber {
                words.append(word)
                word = ""
            }
            word.append(character)
        }
        words.append(word)
        let name = words.map { $0.lowercased() }.joined(separator: "-")
        return kind == .pack ? name + "-pack" : name
    }
}
