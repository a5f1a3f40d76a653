import Foundation

/// Partner ids: lower-case slugs such as `findyourwork` or `chuwue-grill`.
///
/// ```swift
/// PartnerID.isValid("chuwue-grill")                                   // true
/// let partner = try PartnerID.checked(options.string("partner_id") ?? "findyourwork", key: "packs.chuwue-grill.partner_id")
/// ```
public enum PartnerID {
    /// Whether `id` is lower-case letters, digits, `-` and `_`, at most 64, not starting with `-`.
    public static func isValid(_ id: String) -> Bool {
        let bytes = id.utf8
        guard let first = bytes.first, first != UInt8(ascii: "-"), bytes.count <= 64 else { return false }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }

    /// `id` when it is valid; otherwise a configuration error naming the config `key`.
    public static func checked(_ id: String, key: String) throws(PasarelaError) -> String {
        guard isValid(id) else {
            throw PasarelaError(.configuration, "\(key): '\(id)' is not a partner id (lower-case letters, digits, '-' and '_', at most 64)")
        }
        return id
    }

    /// A slug from a display name: `Find Your Work!` → `find-your-work`.
    public static func slug(from name: String) -> String {
        var slug = ""
        for character in name.lowercased().folding(options: .diacriticInsensitive, locale: nil) {
            if character.isASCII && (character.isLetter || character.isNumber) {
                slug.append(character)
            } else if !slug.isEmpty, slug.last != "-" {
                slug.append("-")
            }
        }
        while slug.last == "-" { slug.removeLast() }
        return String(slug.prefix(64))
    }
}
