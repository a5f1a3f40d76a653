import Foundation

/// The fuzz targets, each named as its libFuzzer executable (`Fuzz/<name>/`) and its seed corpus
/// (`Fuzz/Corpus/<name>/`). See docs/fuzzing.md.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// ``JSONParserFuzz``.
    case jsonParser = "FuzzJSONParser"
    /// ``CanonicalJSONFuzz``.
    case canonicalJSON = "FuzzCanonicalJSON"
    /// ``StripeSignatureFuzz``.
    case stripeSignature = "FuzzStripeSignature"
    /// ``MercadoPagoSignatureFuzz``.
    case mercadoPagoSignature = "FuzzMercadoPagoSignature"
    /// ``SignatureSchemesFuzz``.
    case signatureSchemes = "FuzzSignatureSchemes"
    /// ``MoneyFuzz``.
    case money = "FuzzMoney"

    /// Runs one input through the target; returns only if nothing crashed and every property held.
    public func run(_ bytes: [UInt8]) {
        switch self {
        case .jsonParser: JSONParserFuzz.run(bytes)
        case .canonicalJSON: CanonicalJSONFuzz.run(bytes)
        case .stripeSignature: StripeSignatureFuzz.run(bytes)
        case .mercadoPagoSignature: MercadoPagoSignatureFuzz.run(bytes)
        case .signatureSchemes: SignatureSchemesFuzz.run(bytes)
        case .money: MoneyFuzz.run(bytes)
        }
    }
}

extension FuzzTarget {
    /// The time every signature target verifies at: the Standard Webhooks test vector's
    /// timestamp (docs/fuzzing.md), so that the seed corpus's genuine headers are fresh.
    static let now = Date(timeIntervalSince1970: 1_614_265_330)
}

/// The one function the libFuzzer executables call (`Fuzz/<target>/<target>.c`): runs `data`
/// through the target named `target` and returns 0, as `LLVMFuzzerTestOneInput` must.
///
/// The executables are C because SwiftPM links a Swift executable with `main` aliased to
/// `<module>_main`, which a Swift file without `main` (libFuzzer brings its own) lacks.
@_cdecl("pasarela_fuzz_run")
public func pasarelaFuzzRun(_ target: UnsafePointer<CChar>, _ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let name = String(cString: target)
    guard let fuzzTarget = FuzzTarget(rawValue: name) else { fatalError("no fuzz target \(name)") }
    fuzzTarget.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
