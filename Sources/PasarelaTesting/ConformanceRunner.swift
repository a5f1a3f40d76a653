import PasarelaKit

/// Ends a check early with one problem, already worded (`expected …, got …`).
struct ConformanceProblem: Error {
    var message: String
}

/// Ends a check that found no problem but could not verify what it is about: it is reported
/// skipped, with `reason`.
struct ConformanceUnverified: Error {
    var reason: String
}

/// Runs the checks of one module and words what calls came back with.
struct ConformanceRunner: Sendable {
    /// The module's name, which starts every line of the report.
    let module: String

    /// Runs `body` as `check` unless `skipReason` is set; the problems it returns, or the one it
    /// throws, fail the check, and a thrown ``ConformanceUnverified`` skips it.
    func result(
        _ check: ConformanceCheck, skippedBecause skipReason: String? = nil, _ body: () async throws -> [String]
    ) async -> ConformanceResult {
        if let skipReason { return ConformanceResult(module: module, check: check, outcome: .skipped(skipReason)) }
        let problems: [String]
        do {
            problems = try await body()
        } catch let problem as ConformanceProblem {
            problems = [problem.message]
        } catch let unverified as ConformanceUnverified {
            return ConformanceResult(module: module, check: check, outcome: .skipped(unverified.reason))
        } catch {
            problems = ["stopped on an unexpected error: \(error)"]
        }
        return ConformanceResult(module: module, check: check, outcome: problems.isEmpty ? .passed : .failed(problems))
    }

    /// What `operation` returned or threw.
    static func attempt<Value>(_ operation: () async throws -> Value) async -> Result<Value, any Error> {
        do {
            return .success(try await operation())
        } catch {
            return .failure(error)
        }
    }

    /// The HTTP status the host answers for `error`: its code's for a `PasarelaError`, 500 for anything else.
    static func httpStatus(of error: any Error) -> Int {
        (error as? PasarelaError)?.code.httpStatus ?? 500
    }

    /// Whether `result` is a `PasarelaError` with `code`.
    static func isError<Value>(_ result: Result<Value, any Error>, _ code: PasarelaError.Code) -> Bool {
        guard case .failure(let error as PasarelaError) = result else { return false }
        return error.code == code
    }

    /// Whether `result` is an error the host answers with a 4xx.
    static func isClientError<Value>(_ result: Result<Value, any Error>) -> Bool {
        guard case .failure(let error) = result else { return false }
        return (400..<500).contains(httpStatus(of: error))
    }

    /// `error invalid_request: …`; for an error that is not a `PasarelaError`, its full description.
    static func describe(_ error: any Error) -> String {
        "error " + ((error as? PasarelaError)?.description ?? String(reflecting: error))
    }

    /// `payment pi_1 (succeeded)`.
    static func describe(_ payment: ProviderPayment) -> String {
        "payment \(payment.providerPaymentID) (\(payment.status.rawValue))"
    }

    /// `payment pi_1 (succeeded)`, `refund re_1 (pending)`, `2 events (payment.succeeded, …)`, or the error.
    static func describe<Value>(_ result: Result<Value, any Error>) -> String {
        switch result {
        case .failure(let error): return describe(error)
        case .success(let payment as ProviderPayment): return describe(payment)
        case .success(let refund as ProviderRefund): return "refund \(refund.providerRefundID) (\(refund.status.rawValue))"
        case .success(let events as [NormalizedEvent]):
            return events.isEmpty ? "no events" : "\(events.count) event(s) (\(events.map(\.type.rawValue).joined(separator: ", ")))"
        case .success(let response as PackResponse): return "\(response.status) \(response.body.serialized())"
        case .success(let value): return "\(value)"
        }
    }
}
