/// Where a registered module comes from.
public enum ModuleOrigin: Hashable, Sendable, CustomStringConvertible {
    /// Compiled into the executable.
    case builtIn
    /// Loaded from the shared library at this absolute path.
    case library(String)

    /// `built-in`, or the library's path: what `pasarela modules` shows.
    public var description: String {
        switch self {
        case .builtIn: return "built-in"
        case .library(let path): return path
        }
    }
}
