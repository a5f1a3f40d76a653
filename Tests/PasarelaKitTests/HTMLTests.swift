import PasarelaKit
import Testing

@Suite("HTML escaping")
struct HTMLTests {
    @Test(
        "the five characters that matter are escaped, everything else kept",
        arguments: [
            (#"<b>"Tom" & 'Jerry'</b>"#, "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;"),
            ("Menú del día — 12,50 €", "Menú del día — 12,50 €"),
            (#"" onmouseover="alert(1)"#, "&quot; onmouseover=&quot;alert(1)"),
            ("&amp;", "&amp;amp;"),
            ("", ""),
        ])
    func escapes(text: String, expected: String) {
        #expect(HTML.escaped(text) == expected)
    }
}
