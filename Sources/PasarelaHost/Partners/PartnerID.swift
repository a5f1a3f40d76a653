import Foundation

/// Partner ids: lower-case slugs such as `findyourwork` or `chuwue-grill`.
enum PartnerID {
    static func isValid(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 64 && id.first != "-"
            && id.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == "_") }
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
