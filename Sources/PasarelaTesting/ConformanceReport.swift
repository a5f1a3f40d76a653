/// What one conformance check found about one module.
public struct ConformanceResult: Hashable, Sendable, CustomStringConvertible {
    /// How a check came out.
    public enum Outcome: Hashable, Sendable {
        case passed
        /// The check does not apply to the module (it declares no refunds, no webhooks, …), or the
        /// fixture gives too little to verify it; the reason says why. `check()` still passes.
        case skipped(String)
        /// What was expected and what happened instead, one problem per entry.
        case failed([String])
    }

    /// The module's name (`stripe`).
    public var module: String
    /// The check that ran, or was skipped.
    public var check: ConformanceCheck
    /// Whether it passed, was skipped (and why) or failed (and with what problems).
    public var outcome: Outcome

    /// One line per problem, `mock: idempotent create: expected …, got …`; one line when it passed or was skipped.
    public var description: String {
        switch outcome {
        case .passed: return "\(module): \(check): passed"
        case .skipped(let reason): return "\(module): \(check): skipped (\(reason))"
        case .failed(let problems): return problems.map { "\(module): \(check): \($0)" }.joined(separator: "\n")
        }
    }

    /// Whether the check failed.
    public var failed: Bool {
        if case .failed = outcome { return true }
        return false
    }
}

/// Every check the kit ran on one module, in order.
///
/// ```swift
/// let report = await PackConformance(FindyourWorkModule.descriptor, fixture).run()
/// #expect(report.passed, "\(report)")
/// ```
public struct ConformanceReport: Hashable, Sendable, CustomStringConvertible {
    /// The module's name.
    public var module: String
    /// One result per check, in the order the checks ran.
    public var results: [ConformanceResult]

    /// Whether no check failed.
    public var passed: Bool { !results.contains(where: \.failed) }

    /// The checks that failed, in order.
    public var failedChecks: [ConformanceCheck] { results.filter(\.failed).map(\.check) }

    /// How `check` came out; `nil` when it was not run.
    public func outcome(of check: ConformanceCheck) -> ConformanceResult.Outcome? {
        results.first { $0.check == check }?.outcome
    }

    /// Every result, one line per problem.
    public var description: String {
        results.map(\.description).joined(separator: "\n")
    }
}

/// Thrown by `check()` when a module fails conformance checks; its description lists every
/// problem, one per line: `mock: idempotent create: expected one payment for a repeated
/// idempotency key, got mock_pay_1 and mock_pay_2`.
public struct ConformanceFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// The whole report, passed checks included.
    public var report: ConformanceReport

    /// The failed checks' lines, one per problem.
    public var description: String {
        report.results.filter(\.failed).map(\.description).joined(separator: "\n")
    }
}
