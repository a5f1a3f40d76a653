/// A version of the adapter development kit (PasarelaKit), `major.minor`.
///
/// A minor version only adds API, so a module built against `1.0` loads in a host on `1.3`;
/// a major version may change or remove API, so a module loads only in a host of its major.
///
/// ```swift
/// let built = ADKVersion(packed: ModuleLibrary.adkVersion)   // 1.1
/// ADKVersion.host.canLoad(built)                              // true
/// ```
public struct ADKVersion: Hashable, Sendable, CustomStringConvertible {
    /// Changes when API changes or goes away.
    public var major: UInt16
    /// Changes when API is only added.
    public var minor: UInt16

    /// The version `major.minor`.
    public init(major: UInt16, minor: UInt16) {
        self.major = major
        self.minor = minor
    }

    /// The version from its packed form (`major << 16 | minor`), as a C entry point returns it.
    public init(packed: UInt32) {
        self.init(major: UInt16(truncatingIfNeeded: packed >> 16), minor: UInt16(truncatingIfNeeded: packed))
    }

    /// `major << 16 | minor`.
    @_alwaysEmitIntoClient
    public static func packed(major: UInt16, minor: UInt16) -> UInt32 {
        UInt32(major) << 16 | UInt32(minor)
    }

    /// The ADK this host runs: the version of the PasarelaKit it is built from.
    public static let host = ADKVersion(packed: ModuleLibrary.adkVersion)

    /// Whether a module built against `version` can run on this ADK: same major, minor not newer.
    public func canLoad(_ version: ADKVersion) -> Bool {
        version.major == major && version.minor <= minor
    }

    /// `major.minor`.
    public var description: String { "\(major).\(minor)" }
}
