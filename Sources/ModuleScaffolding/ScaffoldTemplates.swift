/// The files and `Package.swift` entries of a new module.
struct ScaffoldTemplates {
    let name: ScaffoldName
    /// Whether a provider gets the hosted-checkout part.
    let hostedCheckout: Bool

    /// The new files, by path relative to the package.
    var files: [(path: String, contents: String)] {
        switch name.kind {
        case .provider: return ProviderTemplates(name: name, hostedCheckout: hostedCheckout).files
        case .pack: return PackTemplates(name: name).files
        }
    }

    /// The target and test target, for `Package.swift`'s target list.
    var manifestTargets: String {
        """
        .target(
            name: "\(name.target)",
            dependencies: ["PasarelaKit"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "\(name.testTarget)",
            dependencies: ["\(name.target)", "PasarelaKit", "PasarelaTesting"],
            swiftSettings: swiftSettings
        ),

        """
    }
}
