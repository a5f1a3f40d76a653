import Foundation

/// Generates a new module in a Pasarela package checkout: its source folder, its test target
/// wired to the conformance kit, its targets in `Package.swift` and its line in the
/// executable's module list. Every check runs before anything is written, so a refusal leaves
/// the package as it was.
public struct ModuleScaffold: Sendable {
    public let name: ScaffoldName
    /// The package's root folder.
    public let package: URL
    /// Whether a provider module gets a hosted checkout to fill in (`--hosted-checkout`).
    public let hostedCheckout: Bool

    /// Where the generator inserts into `Package.swift`.
    static let targetsMarker = "// new-module: module targets"
    static let hostDependenciesMarker = "// new-module: host dependencies"
    /// The executable's module list.
    static let moduleListPath = "Sources/pasarela/BuiltInModules.swift"

    public init(name: ScaffoldName, package: URL, hostedCheckout: Bool = false) {
        self.name = name
        self.package = package
        self.hostedCheckout = hostedCheckout
    }

    /// The files to write, by path relative to the package, after checking nothing clashes.
    public func plan() throws(ScaffoldError) -> [(path: String, contents: String)] {
        if hostedCheckout, name.kind != .provider {
            throw ScaffoldError("--hosted-checkout is for provider modules; a pack has no checkout")
        }
        let manifest = try read("Package.swift")
        let moduleList = try read(Self.moduleListPath)
        for folder in ["Sources/\(name.target)", "Tests/\(name.testTarget)"] where exists(folder) {
            throw ScaffoldError("\(folder) already exists: choose another name")
        }
        let manifestCode = Self.code(manifest)
        for target in [name.target, name.testTarget] where manifestCode.contains("name: \"\(target)\"") {
            throw ScaffoldError("Package.swift already has a target named \(target): choose another name")
        }
        let kitTypes = publicTypeNames(in: ["Sources/PasarelaKit", "Sources/PasarelaTesting"])
        for type in name.declaredNames where kitTypes.contains(type) {
            throw ScaffoldError("\(type) would hide the ADK's own \(type): choose another name")
        }
        if let owner = registryNameOwner() {
            throw ScaffoldError("the module name '\(name.registryName)' is taken by \(owner): choose another name")
        }
        let templates = ScaffoldTemplates(name: name, hostedCheckout: hostedCheckout)
        return templates.files + [
            ("Package.swift", try addingTargets(to: manifest, templates: templates)),
            (Self.moduleListPath, try addingModule(to: moduleList)),
        ]
    }

    /// Checks, then writes every file of ``plan()``; returns the paths written. When a write
    /// fails, what was written is taken back: new files and folders removed, edited files
    /// restored; the error says which file failed and anything that could not be taken back.
    @discardableResult
    public func generate() throws(ScaffoldError) -> [String] {
        let files = try plan()
        var undo: [(path: String, action: () throws -> Void)] = []
        for (path, contents) in files {
            let url = package.appendingPathComponent(path)
            do {
                if let original = try? Data(contentsOf: url) {
                    try contents.write(to: url, atomically: true, encoding: .utf8)
                    undo.append((path, { try original.write(to: url, options: .atomic) }))
                } else {
                    let created = missingAncestor(of: url.deletingLastPathComponent()) ?? url
                    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    undo.append((relativePath(created), { try FileManager.default.removeItem(at: created) }))
                    try contents.write(to: url, atomically: true, encoding: .utf8)
                }
            } catch {
                var unrestored: [String] = []
                for (path, action) in undo.reversed() {
                    do { try action() } catch { unrestored.append("\(path) (\(Self.reason(error)))") }
                }
                let outcome = unrestored.isEmpty
                    ? "nothing was kept" : "these could not be taken back: \(unrestored.joined(separator: "; "))"
                throw ScaffoldError("writing \(path) failed (\(Self.reason(error))); \(outcome)")
            }
        }
        return files.map(\.path)
    }

    /// What went wrong with a file operation, in words: the system's reason when there is one.
    private static func reason(_ error: any Error) -> String {
        let cause = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? any Error).map { $0 as NSError } ?? error as NSError
        return cause.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32(cause.code))) : cause.localizedDescription
    }

    /// The outermost folder on the way to `folder` that does not exist yet, if any.
    private func missingAncestor(of folder: URL) -> URL? {
        var missing: URL?
        var current = folder
        while !FileManager.default.fileExists(atPath: current.path), current.path.count > package.path.count {
            missing = current
            current = current.deletingLastPathComponent()
        }
        return missing
    }

    private func addingTargets(to manifest: String, templates: ScaffoldTemplates) throws(ScaffoldError) -> String {
        let withTargets = try inserting(templates.manifestTargets, before: Self.targetsMarker, in: manifest, file: "Package.swift")
        return try inserting("\"\(name.target)\",\n", before: Self.hostDependenciesMarker, in: withTargets, file: "Package.swift")
    }

    private func addingModule(to list: String) throws(ScaffoldError) -> String {
        var lines = list.components(separatedBy: "\n")
        guard let lastImport = lines.lastIndex(where: { $0.hasPrefix("import ") }),
            let start = lines.firstIndex(where: { $0.contains("static let all: [ModuleDescriptor] = [") }),
            let end = lines[start...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "]" })
        else {
            throw ScaffoldError("\(Self.moduleListPath) does not have the module list new-module expects")
        }
        lines.insert("        \(name.qualifiedDescriptor),", at: end)
        lines.insert("import \(name.target)", at: lastImport + 1)
        return lines.joined(separator: "\n")
    }

    /// `text` with `insertion` (indented like the marker) on the lines before the marker's line.
    private func inserting(_ insertion: String, before marker: String, in text: String, file: String) throws(ScaffoldError) -> String {
        guard let markerRange = text.range(of: marker) else {
            throw ScaffoldError("\(file) has no '\(marker)' line: new-module needs it to know where to insert")
        }
        let lineStart = text[..<markerRange.lowerBound].lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
        let indentation = String(text[lineStart..<markerRange.lowerBound])
        let indented = insertion.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            .map { $0.isEmpty ? "" : indentation + $0 }.joined(separator: "\n")
        return String(text[..<lineStart]) + indented + "\n" + String(text[lineStart...])
    }

    /// The source file of a module descriptor named like the new module, if there is one.
    private func registryNameOwner() -> String? {
        for (path, text) in swiftFiles(under: "Sources") {
            let descriptors = Self.code(text).components(separatedBy: "ModuleDescriptor(").dropFirst()
            if descriptors.contains(where: { Self.startsWithName($0, name.registryName) }) {
                return path
            }
        }
        return nil
    }

    /// Whether `arguments` begins with the argument `name: "value"`, however it is spaced.
    private static func startsWithName(_ arguments: String, _ value: String) -> Bool {
        let afterLabel = arguments.drop(while: \.isWhitespace)
        guard afterLabel.hasPrefix("name") else { return false }
        let afterName = afterLabel.dropFirst(4).drop(while: \.isWhitespace)
        guard afterName.first == ":" else { return false }
        return afterName.dropFirst().drop(while: \.isWhitespace).hasPrefix("\"\(value)\"")
    }

    /// The names of the public and package types declared under `folders`.
    private func publicTypeNames(in folders: [String]) -> Set<String> {
        var names: Set<String> = []
        for folder in folders {
            for (_, text) in swiftFiles(under: folder) {
                for line in Self.code(text).split(separator: "\n") {
                    let words = line.split(whereSeparator: { $0.isWhitespace || $0 == ":" || $0 == "<" || $0 == "{" || $0 == "=" })
                        .drop(while: { $0.hasPrefix("@") })
                    guard let access = words.first, access == "public" || access == "package",
                        let keyword = words.firstIndex(where: { ["struct", "enum", "class", "protocol", "typealias", "actor"].contains($0) }),
                        keyword + 1 < words.endIndex
                    else { continue }
                    names.insert(String(words[keyword + 1]))
                }
            }
        }
        return names
    }

    /// Every Swift file under `folder`, by path relative to the package, with its text.
    private func swiftFiles(under folder: String) -> [(path: String, text: String)] {
        let root = package.appendingPathComponent(folder)
        guard let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        return files.compactMap { item in
            guard let file = item as? URL, file.pathExtension == "swift", let text = try? String(contentsOf: file, encoding: .utf8) else {
                return nil
            }
            return (relativePath(file), text)
        }
    }

    /// `text` without its comment lines: names in documentation do not count.
    private static func code(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }.joined(separator: "\n")
    }

    /// `url`'s path inside the package, as messages give it.
    private func relativePath(_ url: URL) -> String {
        String(url.path.dropFirst(package.path.count + 1))
    }

    private func read(_ path: String) throws(ScaffoldError) -> String {
        do {
            return try String(contentsOf: package.appendingPathComponent(path), encoding: .utf8)
        } catch {
            throw ScaffoldError("cannot read \(path) in \(package.path): is this a Pasarela checkout?")
        }
    }

    private func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: package.appendingPathComponent(path).path)
    }
}
