/// Replaces `${VAR}` and `${VAR:-default}` in configuration strings with environment values.
///
/// `${VAR}` needs `VAR` to be set; `${VAR:-default}` uses `default` when `VAR` is unset or
/// empty; `$${` writes a literal `${`.
struct EnvironmentInterpolation: Sendable {
    let environment: [String: String]

    func interpolate(_ text: String, key: String) throws(ConfigurationError) -> String {
        guard text.contains("$") else { return text }
        var output = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            output += rest[..<dollar]
            let afterDollar = rest[rest.index(after: dollar)...]
            if afterDollar.hasPrefix("${") {
                output += "${"
                rest = afterDollar.dropFirst(2)
                continue
            }
            guard afterDollar.hasPrefix("{") else {
                output += "$"
                rest = afterDollar
                continue
            }
            guard let close = afterDollar.firstIndex(of: "}") else {
                throw ConfigurationError(key: key, "unterminated ${ (write $${ for a literal ${)")
            }
            let expression = afterDollar[afterDollar.index(after: afterDollar.startIndex)..<close]
            output += try resolve(expression, key: key)
            rest = afterDollar[afterDollar.index(after: close)...]
        }
        return output + rest
    }

    private func resolve(_ expression: Substring, key: String) throws(ConfigurationError) -> String {
        let name: Substring
        var fallback: Substring?
        if let separator = expression.range(of: ":-") {
            name = expression[..<separator.lowerBound]
            fallback = expression[separator.upperBound...]
        } else {
            name = expression
        }
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw ConfigurationError(key: key, "'${\(expression)}' is not a valid variable reference")
        }
        if let value = environment[String(name)], !(fallback != nil && value.isEmpty) {
            return value
        }
        if let fallback { return String(fallback) }
        throw ConfigurationError(key: key, "environment variable \(name) is not set")
    }
}
