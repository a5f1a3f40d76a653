import PasarelaKit

/// Bad route input: never a 5xx, and a body that is not JSON is a 4xx.
extension PackConformance {
    /// The methods whose routes take a body.
    private static let bodyMethods: [PackRouteMethod] = [.post, .put, .patch]

    /// Calls each route, on a harness of its own, with a body that is not JSON (routes that take
    /// a body) and with `{}`; then a route with path parameters, on another harness, with `{}`
    /// and values that name nothing (`conformance-unknown`), which must not be a 5xx either.
    func badRouteInput() async throws -> [String] {
        var problems: [String] = []
        for route in try await harness().pack.routes {
            let path = concretePath(of: route, values: fixture.parameters)
            let harness = try await harness()
            if Self.bodyMethods.contains(route.method) {
                let result = await ConformanceRunner.attempt { try await harness.call(route.method, path, bytes: Array(#"{"oops"#.utf8)) }
                if !(400..<500).contains(Self.status(of: result)) {
                    problems.append(
                        "expected \(route.method) \(path) with a body that is not JSON to be a 4xx, got \(Self.answer(result))")
                }
            }
            problems += await Self.emptyBodyProblems(route.method, path, on: harness)
            let unknownPath = concretePath(of: route, values: [:])
            if unknownPath != path {
                problems += await Self.emptyBodyProblems(route.method, unknownPath, on: try await self.harness())
            }
        }
        return problems
    }

    /// Calls `method path` with `{}`, which must be answered without a 5xx.
    private static func emptyBodyProblems(_ method: PackRouteMethod, _ path: String, on harness: PackHarness) async -> [String] {
        let result = await ConformanceRunner.attempt { try await harness.call(method, path, bytes: Array("{}".utf8)) }
        guard status(of: result) >= 500 else { return [] }
        return ["expected \(method) \(path) with {} to be answered without a 5xx, got \(answer(result))"]
    }

    /// The route's path with `values` for its parameters, `conformance-unknown` for one without:
    /// `/reservations/RES-1`.
    private func concretePath(of route: PackRoute, values: [String: String]) -> String {
        "/"
            + route.segments.map { segment in
                PackRoute.parameterName(segment).map { values[$0] ?? "conformance-unknown" } ?? String(segment)
            }
            .joined(separator: "/")
    }

    /// The status the host would answer with.
    private static func status(of result: Result<PackResponse, any Error>) -> Int {
        switch result {
        case .success(let response): return response.status
        case .failure(let error): return ConformanceRunner.httpStatus(of: error)
        }
    }

    /// `422 (error invalid_request: reason: is required)`.
    private static func answer(_ result: Result<PackResponse, any Error>) -> String {
        "\(status(of: result)) (\(ConformanceRunner.describe(result)))"
    }
}
