/// A configuration tree as read from YAML, after `${VAR}` interpolation.
///
/// Scalars keep their text and whether they were written plain (unquoted), so that `8080` is
/// an integer and `"8080"` a string, as YAML means them.
indirect enum ConfigValue: Sendable, Equatable {
    case scalar(String, plain: Bool)
    case mapping([(key: String, value: ConfigValue)])
    case sequence([ConfigValue])

    static func == (lhs: ConfigValue, rhs: ConfigValue) -> Bool {
        switch (lhs, rhs) {
        case let (.scalar(left, leftPlain), .scalar(right, rightPlain)):
            return left == right && leftPlain == rightPlain
        case let (.mapping(left), .mapping(right)):
            return left.count == right.count && zip(left, right).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case let (.sequence(left), .sequence(right)):
            return left == right
        default:
            return false
        }
    }

    /// The member `key` of a mapping.
    subscript(key: String) -> ConfigValue? {
        guard case .mapping(let members) = self else { return nil }
        return members.last { $0.key == key }?.value
    }

    /// `true` for a plain `null`, `~` or empty scalar.
    var isNull: Bool {
        if case .scalar(let text, let plain) = self, plain { return text.isEmpty || text == "null" || text == "~" }
        return false
    }

    /// A short name of the value's kind, for error messages.
    var kindName: String {
        switch self {
        case .scalar: return "a scalar"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    /// Sets the scalar at `path` (creating mappings on the way), replacing what was there.
    func setting(_ path: ArraySlice<String>, to value: ConfigValue) -> ConfigValue {
        guard let key = path.first else { return value }
        var members: [(key: String, value: ConfigValue)] = []
        if case .mapping(let existing) = self { members = existing }
        let child = members.last { $0.key == key }?.value ?? .mapping([])
        members.removeAll { $0.key == key }
        members.append((key, child.setting(path.dropFirst(), to: value)))
        return .mapping(members)
    }
}
