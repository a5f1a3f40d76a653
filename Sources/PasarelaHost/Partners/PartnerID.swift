import Foundation

/// Partner ids: lower-case slugs such as `findyourwork` or `chuwue-grill`.
enum PartnerID {
    static func isValid(_ id: String) -> Bool {
        let bytes = id.utf8
        guard let first = bytes.first, first != UInt8(ascii: "-"), bytes.count <= 64 else { return false }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }

    /// A slug from a display name: `Find Your Work!` → `find-your-work`.
    static func slug(from name: String) -> String {
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
