import PasarelaKit

/// The modules this host can load, by name. The executable registers the built-in ones and those
/// of the libraries in `modules.paths`; the host never names a module itself.
public struct ModuleRegistry: Sendable {
    private var byName: [String: (descriptor: ModuleDescriptor, origin: ModuleOrigin)] = [:]

    /// A registry of the built-in modules `descriptors`; two modules with one name are refused.
    public init(_ descriptors: [ModuleDescriptor]) throws(ConfigurationError) {
        for descriptor in descriptors {
            try register(descriptor)
        }
    }

    /// Adds a module; a name that is taken or not a valid module name is refused.
    public mutating func register(_ descriptor: ModuleDescriptor, origin: ModuleOrigin = .builtIn) throws(ConfigurationError) {
        let name = descriptor.name
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first),
            name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" })
        else {
            throw ConfigurationError(
                key: "", "module name '\(name)' (\(origin)) must start with a lower-case letter and use lower-case letters, digits and '-'")
        }
        if let taken = byName[name]?.origin {
            let holder = taken == .builtIn ? "the built-in module" : "the module from \(taken)"
            throw ConfigurationError(key: "", "module '\(name)' from \(origin) clashes with \(holder) of that name")
        }
        byName[name] = (descriptor, origin)
    }

    /// Loads the module libraries at `paths` (`modules.paths`, absolute) and registers their
    /// modules with the library as origin. Any failure stops with an error naming the entry.
    public mutating func loadLibraries(_ paths: [String]) throws(ConfigurationError) {
        for (position, path) in paths.enumerated() {
            let key = "modules.paths[\(position)]"
            if let earlier = paths[..<position].firstIndex(of: path) {
                throw ConfigurationError(key: key, "\(path) is listed twice (also modules.paths[\(earlier)])")
            }
            let descriptors: [ModuleDescriptor]
            do {
                descriptors = try ModuleLibraryLoader.modules(at: path)
            } catch {
                throw ConfigurationError(key: key, error.description)
            }
            for descriptor in descriptors {
                do {
                    try register(descriptor, origin: .library(path))
                } catch {
                    throw ConfigurationError(key: key, error.message)
                }
            }
        }
    }

    /// Where the module named `name` comes from.
    public func origin(of name: String) -> ModuleOrigin? {
        byName[name]?.origin
    }

    /// Every module, sorted by name.
    public var modules: [ModuleDescriptor] {
        byName.values.map(\.descriptor).sorted { $0.name < $1.name }
    }

    /// The module named `name`.
    public func module(named name: String) -> ModuleDescriptor? {
        byName[name]?.descriptor
    }

    /// Checks every configured payment instance: its module exists and is a provider, and its
    /// options are valid. Errors name the config key.
    public func resolveInstances(_ payments: HostConfiguration.Payments) throws(ConfigurationError) -> [ResolvedInstance] {
        try resolve(payments.instances, as: .provider) { "payments.instances.\($0.name)" }
    }

    /// Checks every configured pack: its module exists and is a pack, and its options are valid.
    public func resolvePacks(_ packs: [ModuleInstance]) throws(ConfigurationError) -> [ResolvedInstance] {
        try resolve(packs, as: .pack) { "packs.\($0.name)" }
    }

    private func resolve(_ instances: [ModuleInstance], as kind: ModuleKind, key: (ModuleInstance) -> String)
        throws(ConfigurationError) -> [ResolvedInstance]
    {
        var resolved: [ResolvedInstance] = []
        for instance in instances {
            let key = key(instance)
            guard let descriptor = byName[instance.module]?.descriptor else {
                let known = modules.filter { $0.kind == kind }.map(\.name).joined(separator: ", ")
                throw ConfigurationError(key: "\(key).module", "unknown module '\(instance.module)' (known \(kind)s: \(known))")
            }
            guard descriptor.kind == kind else {
                throw ConfigurationError(key: "\(key).module", "'\(instance.module)' is a \(descriptor.kind) module, not a \(kind)")
            }
            do {
                let options = try ModuleOptions.validate(instance.options, against: descriptor.options, keyPath: key)
                resolved.append(ResolvedInstance(name: instance.name, descriptor: descriptor, options: options))
            } catch {
                throw ConfigurationError(key: "", error.message)
            }
        }
        return resolved
    }
}

/// A module instance whose module and options have been checked.
public struct ResolvedInstance: Sendable {
    public var name: String
    public var descriptor: ModuleDescriptor
    public var options: ModuleOptions
}
