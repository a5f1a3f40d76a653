import PasarelaKit

/// The writers round-trip whatever the parser accepts.
///
/// - `serialized()` is exact: parsing it gives the same document, numbers' text included.
/// - `pythonCanonical()` parses back to a document Python reads as the same
///   (``JSONEquivalence``), and is idempotent: writing that document again gives the same text.
///   A float beyond `Double` is printed `Infinity`, as Python does; that text is not JSON, so
///   such documents are only checked for not crashing.
enum CanonicalJSONFuzz {
    static func run(_ bytes: [UInt8]) {
        guard let value = try? JSONValue.parse(bytes) else { return }
        let compact = value.serialized()
        let compactAgain = try? JSONValue.parse(compact)
        FuzzProperty.require(
            compactAgain.map { JSONEquivalence.sameText($0, value) } ?? false, "serialized() does not parse back the same: \(compact)")

        let canonical = value.pythonCanonical()
        guard !JSONEquivalence.hasNonFiniteFloat(value) else { return }
        guard let reparsed = try? JSONValue.parse(canonical) else {
            return FuzzProperty.require(false, "pythonCanonical() is not JSON: \(canonical)")
        }
        FuzzProperty.require(JSONEquivalence.pythonEqual(reparsed, value), "pythonCanonical() changed the document: \(canonical)")
        let again = reparsed.pythonCanonical()
        FuzzProperty.require(again.utf8.elementsEqual(canonical.utf8), "pythonCanonical() is not idempotent: \(canonical) then \(again)")
    }
}
