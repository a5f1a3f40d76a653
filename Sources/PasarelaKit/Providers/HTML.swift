/// Helpers for the HTML pages provider routes serve (``ProviderRouteResponse/html(status:_:)``).
///
/// - Since: ADK 2.1.
public enum HTML {
    /// `text` safe inside HTML text and quoted attributes: `&`, `<`, `>`, `"` and `'` escaped.
    ///
    /// ```swift
    /// HTML.escaped(#"<b>"Tom" & 'Jerry'</b>"#)   // &lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;
    /// ```
    public static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            if let entity = entities[character] { result += entity } else { result.append(character) }
        }
        return result
    }

    private static let entities: [Character: String] = ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"]
}
