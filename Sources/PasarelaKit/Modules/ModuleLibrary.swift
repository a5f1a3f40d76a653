/// The modules of a loadable library (a `.so` the host loads from `modules.paths`), handed to
/// the host through two C entry points the library defines.
///
/// The host first calls `pasarela_adk_version` and refuses a library built against an ADK it
/// cannot serve, before it touches any Swift type of the library; then it calls
/// `pasarela_module_library` and registers the modules by name, like built-in ones.
///
/// ```swift
/// @_cdecl("pasarela_adk_version")
/// public func pasarelaADKVersion() -> UInt32 { ModuleLibrary.adkVersion }
///
/// @_cdecl("pasarela_module_library")
/// public func pasarelaModuleLibrary() -> UnsafeMutableRawPointer {
///     ModuleLibrary(AcmeModule.descriptor).export()
/// }
/// ```
///
/// Link the library against the `PasarelaKitDynamic` product, so that it shares the host's
/// PasarelaKit instead of carrying a copy of its own.
public final class ModuleLibrary: Sendable {
    /// The modules the library offers.
    public let modules: [ModuleDescriptor]

    /// A library offering `modules`.
    public init(_ modules: ModuleDescriptor...) {
        self.modules = modules
    }

    /// Hands the library to the host, which takes ownership: what `pasarela_module_library` returns.
    public func export() -> UnsafeMutableRawPointer {
        Unmanaged.passRetained(self).toOpaque()
    }

    /// The ADK version this code is compiled against, as ``ADKVersion/packed(major:minor:)``: what
    /// `pasarela_adk_version` returns. It is compiled into the library, so it says which ADK
    /// the library was built with, whatever ADK the host runs.
    @_alwaysEmitIntoClient
    public static var adkVersion: UInt32 { ADKVersion.packed(major: 2, minor: 2) }
}
