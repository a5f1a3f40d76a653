import PasarelaKit

/// Required options, and secret option values kept out of logs and errors.
extension ProviderConformance {
    /// Leaves out each required option: the host's validation must refuse it naming it, and the
    /// module's factory, handed options without it, must refuse to build naming it too.
    func requiredOptions(_ run: ProviderCheckRun) throws -> [String] {
        var problems: [String] = []
        for spec in descriptor.options where spec.required {
            var raw = fixture.options
            raw[spec.name] = nil
            let validated = Result { () throws(PasarelaError) in
                try ModuleOptions.validate(raw, against: descriptor.options, keyPath: run.keyPath)
            }
            switch validated {
            case .success:
                problems.append("expected options without the required \(spec.name) to be refused, they were accepted (has it a default?)")
            case .failure(let error) where !error.message.contains(spec.name):
                problems.append("expected leaving out \(spec.name) to be an error naming it, got \(error)")
            case .failure: break
            }
            let relaxed = descriptor.options.map { other in
                other.name == spec.name ? OptionSpec(name: other.name, type: other.type, secret: other.secret) : other
            }
            let built = Result { try run.provider(options: ModuleOptions.validate(raw, against: relaxed, keyPath: run.keyPath)) }
            if case .failure(let error as PasarelaError) = built, error.message.contains(spec.name) { continue }
            problems.append(
                "expected the module to refuse building an instance without \(spec.name), naming it, got "
                    + ConformanceRunner.describe(built.map { _ in "an instance" }))
        }
        return problems
    }

    /// Every secret option's value the fixture sets, by option name.
    var secretValues: [(option: String, value: String)] {
        descriptor.options.filter(\.secret).flatMap { spec -> [(option: String, value: String)] in
            switch fixture.options[spec.name] {
            case .string(let text)?: return [(spec.name, text)]
            case .stringList(let items)?: return items.map { (spec.name, $0) }
            case let value?: return [(spec.name, value.description)]
            case nil: return []
            }
        }.filter { !$0.value.isEmpty }
    }

    /// Looks for each secret value in every captured log line and every error the module threw.
    func secretsStayOutOfLogs(_ run: ProviderCheckRun) -> [String] {
        let places = run.logs.entries.map { ("a \($0.level) log line", $0.text) } + run.thrownErrors.map { ("an error", $0) }
        var problems: [String] = []
        for (place, text) in places {
            for secret in secretValues where text.contains(secret.value) {
                let problem =
                    "expected no secret in logs or errors, got \(secret.option)'s value in \(place): "
                    + text.replacingOccurrences(of: secret.value, with: "<\(secret.option)>")
                if !problems.contains(problem) { problems.append(problem) }
            }
        }
        return problems
    }
}
