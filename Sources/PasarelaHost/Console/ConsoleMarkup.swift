import Foundation
import PasarelaKit

/// HTML fragments for console pages. Every piece of text that comes from data (a partner's name,
/// a payload, an error) goes through ``text(_:)``; the other helpers take markup.
enum Markup {
    static func text(_ value: String) -> String { HTML.escaped(value) }

    static func link(_ label: String, to href: String) -> String {
        "<a href=\"\(text(href))\">\(text(label))</a>"
    }

    /// A table of `rows` (cells are markup), scrolling sideways on its own on a narrow screen.
    static func table(_ headers: [String], _ rows: [[String]], empty: String = "Nothing here yet.") -> String {
        guard !rows.isEmpty else { return "<p class=\"empty\">\(text(empty))</p>" }
        let head = headers.map { "<th scope=\"col\">\(text($0))</th>" }.joined()
        let body = rows.map { "<tr>" + $0.map { "<td>\($0)</td>" }.joined() + "</tr>" }.joined(separator: "\n")
        return "<div class=\"scroll\"><table><thead><tr>\(head)</tr></thead><tbody>\n\(body)\n</tbody></table></div>"
    }

    /// A description list of (term, markup) pairs.
    static func details(_ pairs: [(String, String)]) -> String {
        "<dl class=\"details\">" + pairs.map { "<dt>\(text($0.0))</dt><dd>\($0.1)</dd>" }.joined() + "</dl>"
    }

    /// A status word, coloured by the stylesheet; `id` names the element for tests and links.
    static func status(_ word: String, id: String? = nil) -> String {
        let slug = word.filter { $0.isLetter || $0 == "_" }
        let idAttribute = id.map { " id=\"\(text($0))\"" } ?? ""
        return "<span\(idAttribute) class=\"status status-\(slug)\">\(text(word))</span>"
    }

    static func time(_ date: Date?) -> String {
        guard let date else { return "—" }
        let stamp = ISOTimestamp.format(date)
        return "<time datetime=\"\(text(stamp))\">\(text(readable(date)))</time>"
    }

    static func code(_ value: String) -> String { "<code>\(text(value))</code>" }

    /// A JSON payload, pretty-printed when it parses.
    static func payload(_ bytes: [UInt8]) -> String {
        let shown = (try? JSONValue.parse(bytes)).map { $0.serialized() } ?? String(decoding: bytes, as: UTF8.self)
        return "<pre class=\"payload\">\(text(shown))</pre>"
    }

    /// `2026-12-06 19:04:05 UTC`.
    static func readable(_ date: Date) -> String {
        let stamp = ISOTimestamp.format(date)
        return stamp.prefix(10) + " " + stamp.dropFirst(11).prefix(8) + " UTC"
    }

    /// A hidden form field.
    static func hidden(_ name: String, _ value: String) -> String {
        "<input type=\"hidden\" name=\"\(text(name))\" value=\"\(text(value))\">"
    }

    /// A `<select>` of `options` (value, label) with `selected` chosen; an empty first option when
    /// `anyLabel` is given.
    static func select(_ name: String, label: String, options: [(String, String)], selected: String?, anyLabel: String? = nil) -> String {
        var choices = anyLabel.map { ["<option value=\"\">\(text($0))</option>"] } ?? []
        choices += options.map { value, title in
            let chosen = value == selected ? " selected" : ""
            return "<option value=\"\(text(value))\"\(chosen)>\(text(title))</option>"
        }
        return "<label>\(text(label)) <select name=\"\(text(name))\">\(choices.joined())</select></label>"
    }

    /// A text field.
    static func input(_ name: String, label: String, type: String = "text", value: String? = nil, placeholder: String? = nil) -> String {
        let valueAttribute = value.map { " value=\"\(text($0))\"" } ?? ""
        let placeholderAttribute = placeholder.map { " placeholder=\"\(text($0))\"" } ?? ""
        return "<label>\(text(label)) <input type=\"\(text(type))\" name=\"\(text(name))\"\(valueAttribute)\(placeholderAttribute)></label>"
    }

    /// `path` with the query parameters that have a value, percent-encoded.
    static func url(_ path: String, _ query: [(String, String?)]) -> String {
        let pairs = query.compactMap { name, value in value.map { "\(name)=\(encoded($0))" } }
        return pairs.isEmpty ? path : path + "?" + pairs.joined(separator: "&")
    }

    static func encoded(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
