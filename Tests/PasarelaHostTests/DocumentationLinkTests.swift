import Foundation
import Testing

/// The README and `docs/` link to each other and to the sources by relative paths; a moved or
/// renamed file must not leave a link pointing nowhere.
@Suite("Documentation links")
struct DocumentationLinkTests {
    /// The Markdown pages of the repository's own documentation.
    static func pages() throws -> [URL] {
        let docs = Repository.root.appendingPathComponent("docs")
        let names = try FileManager.default.contentsOfDirectory(atPath: docs.path).filter { $0.hasSuffix(".md") }
        return [Repository.root.appendingPathComponent("README.md")] + names.sorted().map { docs.appendingPathComponent($0) }
    }

    /// The targets of `[text](target)` links that are neither absolute URLs nor in-page anchors,
    /// without their `#anchor`.
    static func relativeTargets(in markdown: String) -> [String] {
        markdown.matches(of: /\]\(([^)\s]+)\)/).compactMap { match in
            let target = String(match.output.1)
            if target.hasPrefix("#") || target.contains("://") || target.hasPrefix("mailto:") { return nil }
            return String(target.prefix { $0 != "#" })
        }
    }

    @Test("finds the relative links of a page, and only those")
    func extraction() {
        let markdown = "See [a](docs/a.md), [b](b.md#part), [web](https://example.com/x), [here](#top) and `[c](c.md)`."
        #expect(Self.relativeTargets(in: markdown) == ["docs/a.md", "b.md", "c.md"])
    }

    @Test("every relative link in README.md and docs/ names a file or folder that exists")
    func linksResolve() throws {
        let pages = try Self.pages()
        #expect(pages.count > 5)
        var broken: [String] = []
        for page in pages {
            let text = try String(contentsOf: page, encoding: .utf8)
            for target in Self.relativeTargets(in: text) {
                let resolved = page.deletingLastPathComponent().appendingPathComponent(target).standardizedFileURL
                if !FileManager.default.fileExists(atPath: resolved.path) { broken.append("\(page.lastPathComponent) → \(target)") }
            }
        }
        #expect(broken.isEmpty, "broken links: \(broken)")
    }
}
