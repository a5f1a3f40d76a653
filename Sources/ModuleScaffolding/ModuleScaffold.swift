import Foundation

/// Generates a new module in a Pasarela package checkout: its source folder, its test target
/// wired to the conformance kit, its targets in `Package.swift` and its line in the
/// executable's module list. Every check runs before anything is written, so a refusal leaves
/// the package as it was.
public struct ModuleScaffold: Sendable {
    public let name: ScaffoldName
    /// The package's root folder.
    public let package: URL

    /// Where the generator inserts into `Package.swift`.
    static let targetsMarker = "// new-module: module targets"
    static let hostDependenciesMarker = "// new-module: host dependencies"
    /// The executable's module list.
    static let moduleListPath = "Sources/pasarela/BuiltInModules.swift"

    public init(name: ScaffoldName, package: URL) {
        self.name = name
        self.package = package
    }

    /// The files to write, by path relative to the package, after checking nothing clashes.
    public func plan() throws(ScaffoldError) -> [(path: String, contents: String)] {
        let manifest = try read("Package.swift")
        let moduleList = try read(Self.moduleListPath)
        for folder in ["Sources/\(name.target)", "Tests/\(name.testTarget)"] where exists(folder) {
            throw ScaffoldError("\(folder) already exists: choose another name")
        }
        for target in [name.target, name.testTarget] where manifest.contains("name: \"\(target)\"") {
            throw ScaffoldError("Package.swift already has a target named \(target): choose another name")
        }
        if let owner = try registryNameOwner() {
            throw ScaffoldError("the module name '\(name.registryName)' is taken by \(owner): choose another name")
        }
        let templates = ScaffoldTemplates(name: name)
        return templates.files + [
            ("Package.swift", try addingTargets(to: manifest, templates: templates)),
            (Self.moduleListPath, try addingModule(to: moduleList)),
        ]
    }

    /// Checks, then writes every file of ``plan()``; returns the paths written.
    @discardableResult
    public func generate() throws -> [String] {
        let files = try plan()
        for (path, contents) in files {
            let url = package.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url, atomically: true, encoding: .utf8)
        }
        return files.map(\.path)
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
        lines.insert("        \(name.moduleType).descriptor,", at: end)
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

    /// The source file declaring a module of the new module's registry name, if one does (outside comments).
    private func registryNameOwner() throws(ScaffoldError) -> String? {
        let sources = package.appendingPathComponent("Sources")
        guard let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil) else { return nil }
        for case let file as URL in files where file.pathExtension == "swift" {
            guard let text = try? String(contentsOf: file, encoding: .utf8), text.contains("ModuleDescriptor(") else { continue }
            let code = text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }
            if code.contains(where: { $0.contains("name: \"\(name.registryName)\"") }) {
                return String(file.path.dropFirst(package.path.count + 1))
            }
        }
        return nil
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
