import Foundation
import PasarelaKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens a loadable module library (`modules.paths`) and takes its modules.
///
/// The library's `pasarela_adk_version` is checked before the host calls into its Swift API
/// (loading it does run its static initialisers), so a library built against another ADK major
/// (or a newer minor) is refused, not used. A library is never closed once opened: its code may
/// be running for the life of the process.
public enum ModuleLibraryLoader {
    /// The modules of the library at `path` (absolute). Errors say what is wrong with the file.
    public static func modules(at path: String) throws(ModuleLoadingError) -> [ModuleDescriptor] {
        #if !os(Linux)
        // Elsewhere the executable does not export its PasarelaKit, so a library would carry its own.
        throw ModuleLoadingError("loading module libraries is supported on Linux only")
        #else
        // dlopen searches the library path for a name without a slash: only the file named may load.
        guard path.hasPrefix("/") else {
            throw ModuleLoadingError("\(path) is not an absolute path")
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw ModuleLoadingError("no such file: \(path)")
        }
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown reason"
            throw ModuleLoadingError("cannot load \(path): \(reason)")
        }
        typealias VersionEntry = @convention(c) () -> UInt32
        typealias LibraryEntry = @convention(c) () -> UnsafeMutableRawPointer?
        guard let versionSymbol = dlsym(handle, "pasarela_adk_version"),
            let librarySymbol = dlsym(handle, "pasarela_module_library")
        else {
            throw ModuleLoadingError(
                "\(path) is not a Pasarela module: it lacks the C entry points pasarela_adk_version and pasarela_module_library")
        }
        let built = ADKVersion(packed: unsafeBitCast(versionSymbol, to: VersionEntry.self)())
        guard ADKVersion.host.canLoad(built) else {
            throw ModuleLoadingError(
                "\(path) was built against ADK \(built); this host runs ADK \(ADKVersion.host) "
                    + "(a module loads when its ADK has the host's major version and a minor version no newer)")
        }
        guard let pointer = unsafeBitCast(librarySymbol, to: LibraryEntry.self)(),
            let library = Unmanaged<AnyObject>.fromOpaque(pointer).takeRetainedValue() as? ModuleLibrary
        else {
            throw ModuleLoadingError(
                "\(path) did not hand over a ModuleLibrary this host knows: link it against the PasarelaKitDynamic product")
        }
        return library.modules
        #endif
    }
}

/// Why a module library could not be loaded.
public struct ModuleLoadingError: Error, Sendable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
