import PasarelaKit

/// The mock's hosted checkout pages: plain HTML that works without JavaScript, every value escaped.
enum MockCheckoutPage {
    /// The payment status a choice on the page leads to, or `nil` for an unknown choice.
    static func status(ofChoice choice: String) -> PaymentStatus? {
        switch choice {
        case "pay": return .succeeded
        case "decline": return .failed
        case "cancel": return .canceled
        default: return nil
        }
    }

    /// The checkout page of `session`, with its amount, description, items and three buttons.
    static func checkout(_ session: MockCheckoutSession, instance: String) -> String {
        let currency = (try? Currency(code: session.currency)) ?? .usd
        let total = formatted(Money(minor: session.amountMinor, currency: currency))
        var body = "<h1>Pay <span id=\"amount\">\(HTML.escaped(total))</span></h1>\n"
        if let description = session.description {
            body += "<p id=\"description\">\(HTML.escaped(description))</p>\n"
        }
        if !session.items.isEmpty {
            body += "<table id=\"items\"><thead><tr><th>Item</th><th>Qty</th><th>Price</th></tr></thead><tbody>\n"
            for item in session.items {
                let price = formatted(Money(minor: item.unitMinor, currency: currency))
                body += "<tr><td>\(HTML.escaped(item.name))</td><td>\(item.quantity)</td><td>\(HTML.escaped(price))</td></tr>\n"
            }
            body += "</tbody></table>\n"
        }
        body += """
            <form method="post">
            <button id="pay" type="submit" name="choice" value="pay">Pay \(HTML.escaped(total))</button>
            <button id="decline" type="submit" name="choice" value="decline">Decline (simulate a declined card)</button>
            <button id="cancel" type="submit" name="choice" value="cancel">Cancel and return to the shop</button>
            </form>
            <p class="note">Test checkout of the mock provider (\(HTML.escaped(instance))): no card is charged.</p>
            """
        return document(title: "Pay \(total)", body: body)
    }

    /// A page that says why there is no checkout to show.
    static func notice(_ title: String, _ text: String) -> String {
        document(title: title, body: "<h1>\(HTML.escaped(title))</h1>\n<p id=\"notice\">\(HTML.escaped(text))</p>")
    }

    /// `money` as a person reads it: the currency's code, then the amount with its decimals and
    /// thousands separated (`USD 1,234.50`, `JPY 1,500`).
    static func formatted(_ money: Money) -> String {
        let text = money.decimalString
        let negative = text.hasPrefix("-")
        let unsigned = negative ? text.dropFirst() : Substring(text)
        let parts = unsigned.split(separator: ".", maxSplits: 1)
        var whole = ""
        for (index, digit) in parts[0].reversed().enumerated() {
            if index > 0, index % 3 == 0 { whole.append(",") }
            whole.append(digit)
        }
        let amount = String(whole.reversed()) + (parts.count > 1 ? "." + parts[1] : "")
        return "\(money.currency.code) \(negative ? "-" : "")\(amount)"
    }

    private static func document(title: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escaped(title))</title>
        <style>
        body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
        table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
        th, td { text-align: left; padding: .3rem; border-bottom: 1px solid #ddd; }
        button { display: block; width: 100%; margin: .5rem 0; padding: .8rem; font-size: 1rem; border-radius: .4rem; border: 1px solid #888; }
        #pay { background: #1f6f43; color: #fff; border-color: #1f6f43; }
        .note { color: #666; font-size: .85rem; }
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>
        """
    }
}
