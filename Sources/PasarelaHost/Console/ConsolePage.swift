import HTTPTypes
import Hummingbird
import NIOCore

/// One console page: its title, its markup, and how it is answered.
struct ConsolePage: Sendable {
    /// The sections in the navigation, by label and path.
    static let sections: [(label: String, path: String)] = [
        ("Overview", "/console"), ("Payments", "/console/payments"), ("Partners", "/console/partners"),
        ("Deliveries", "/console/deliveries"), ("Events", "/console/events"), ("Event types", "/console/event-types"),
    ]

    var title: String
    /// The navigation section it belongs to (a path of ``sections``).
    var section: String?
    var body: String
    var status: HTTPResponse.Status = .ok
    /// A short message about what the last action did.
    var notice: String?

    /// The whole document, with navigation and the sign-out form for a signed-in `session`.
    func response(session: ConsoleSession?) -> Response {
        let html = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Markup.text(title)) · Pasarela</title>
            <link rel="stylesheet" href="/console/assets/console.css">
            </head>
            <body>
            <header>\(header(session: session))</header>
            <main>
            <h1>\(Markup.text(title))</h1>
            \(notice.map { "<p class=\"notice\" role=\"status\">\(Markup.text($0))</p>" } ?? "")
            \(body)
            </main>
            </body>
            </html>
            """
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    private func header(session: ConsoleSession?) -> String {
        let brand = "<span class=\"brand\">Pasarela</span>"
        guard let session else { return brand }
        let links = Self.sections.map { label, path in
            let current = path == section ? " aria-current=\"page\"" : ""
            return "<a href=\"\(path)\"\(current)>\(Markup.text(label))</a>"
        }
        let signOut = Self.form(action: "/console/sign-out", session: session, button: "Sign out", style: "link")
        return brand + "<nav>" + links.joined() + "</nav>" + signOut
    }

    /// A post form with the session's CSRF token, `fields` (markup) and one submit button.
    static func form(action: String, session: ConsoleSession, button: String, fields: String = "", style: String = "action") -> String {
        """
        <form method="post" action="\(Markup.text(action))" class="\(style)">\(Markup.hidden("csrf_token", session.csrfToken))\(fields)\
        <button type="submit">\(Markup.text(button))</button></form>
        """
    }

    /// A get form (filters): `fields` and a `Filter` button.
    static func filter(action: String, fields: String) -> String {
        "<form method=\"get\" action=\"\(Markup.text(action))\" class=\"filter\">\(fields)<button type=\"submit\">Filter</button></form>"
    }

    /// Links to the first page (`Newest`) and the next (`Older`) for a list page of `query` that
    /// held `ids`, keeping `filters` and the page size.
    static func pager<Filter>(
        path: String, filters: [(String, String?)], query: ListQuery<Filter>, ids: [String], labels: (first: String, next: String) = ("Newest", "Older")
    ) -> String {
        let kept = filters + [("limit", query.limit == ListQuery<Filter>.defaultLimit ? nil : String(query.limit))]
        var links: [String] = []
        if query.cursor != nil { links.append(Markup.link(labels.first, to: Markup.url(path, kept))) }
        if let next = query.nextCursor(after: ids) { links.append(Markup.link(labels.next, to: Markup.url(path, kept + [("cursor", next)]))) }
        return links.isEmpty ? "" : "<nav class=\"pager\">\(links.joined(separator: " "))</nav>"
    }

    /// A redirect (303) after a post, to `location`.
    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}

extension ConsolePage {
    /// Shows `error` above the page, answered with its status.
    mutating func show(_ error: APIError) {
        status = error.status
        body = "<p class=\"error\" role=\"alert\">\(Markup.text(error.message))</p>" + body
    }
}
