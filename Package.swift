// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "pasarela",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "PasarelaKit", targets: ["PasarelaKit"]),
        // The ADK as a shared library, for loadable modules (README, "Write your own module").
        .library(name: "PasarelaKitDynamic", type: .dynamic, targets: ["PasarelaKit"]),
        .library(name: "PasarelaTesting", targets: ["PasarelaTesting"]),
        .library(name: "PasarelaHost", targets: ["PasarelaHost"]),
        .library(name: "MockProvider", targets: ["MockProvider"]),
        .library(name: "MercadoPagoProvider", targets: ["MercadoPagoProvider"]),
        .library(name: "StripeProvider", targets: ["StripeProvider"]),
        .library(name: "ChuwueGrillPack", targets: ["ChuwueGrillPack"]),
        .library(name: "FindyourWorkPack", targets: ["FindyourWorkPack"]),
        .executable(name: "pasarela", targets: ["pasarela"]),
        .plugin(name: "NewModule", targets: ["NewModule"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        .target(
            name: "PasarelaKit",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // Library evolution: a module built against one ADK version keeps loading in a host
            // whose ADK only added API since.
            swiftSettings: swiftSettings + [.unsafeFlags(["-enable-library-evolution"])]
        ),
        .target(
            name: "PasarelaTesting",
            dependencies: ["PasarelaKit"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PasarelaHost",
            dependencies: [
                "PasarelaKit",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        // `pasarela bench` and `pasarela bench-receiver`: a load generator and its bare baseline.
        .target(
            name: "PasarelaBench",
            dependencies: ["PasarelaKit", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "MockProvider",
            dependencies: ["PasarelaKit"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "StripeProvider",
            dependencies: ["PasarelaKit"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "MercadoPagoProvider",
            dependencies: ["PasarelaKit"],
            swiftSettings: swiftSettings
        ),
        // The partner event types of the seed's restaurant ↔ marketplace integration, shared by its two packs.
        .target(
            name: "SeedPartnerEvents",
            dependencies: ["PasarelaKit"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ChuwueGrillPack",
            dependencies: ["PasarelaKit", "SeedPartnerEvents"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FindyourWorkPack",
            dependencies: ["PasarelaKit", "SeedPartnerEvents"],
            swiftSettings: swiftSettings
        ),
        // new-module: module targets
        .executableTarget(
            name: "pasarela",
            dependencies: [
                "PasarelaHost",
                "PasarelaBench",
                "MockProvider",
                "MercadoPagoProvider",
                "StripeProvider",
                "ChuwueGrillPack",
                "FindyourWorkPack",
                // new-module: host dependencies
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings,
            // Loadable modules bind to the executable's PasarelaKit, so there is one ADK in the process.
            linkerSettings: [.unsafeFlags(["-Xlinker", "--export-dynamic"], .when(platforms: [.linux]))]
        ),
        // The adapter development kit's scaffolding: `swift package new-module` (README, "Write your own module").
        .plugin(
            name: "NewModule",
            capability: .command(
                intent: .custom(verb: "new-module", description: "Scaffold a provider or pack module with its conformance test"),
                permissions: [.writeToPackageDirectory(reason: "new-module writes the module's folders and its lines in Package.swift")]),
            dependencies: ["pasarela-new-module"]
        ),
        .executableTarget(
            name: "pasarela-new-module",
            dependencies: ["ModuleScaffolding", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        .target(name: "ModuleScaffolding", swiftSettings: swiftSettings),
        .testTarget(name: "ModuleScaffoldingTests", dependencies: ["ModuleScaffolding"], swiftSettings: swiftSettings),
        .testTarget(
            name: "PasarelaKitTests",
            dependencies: ["PasarelaKit", "PasarelaTesting"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PasarelaTestingTests",
            dependencies: ["PasarelaTesting", "PasarelaKit"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MockProviderTests",
            dependencies: ["MockProvider", "PasarelaKit", "PasarelaTesting"],
            swiftSettings: swiftSettings
        ),
        fakeProviderAPI("FakeStripeAPI", resources: [.copy("Fixtures")]),
        providerTests("StripeProviderTests", module: "StripeProvider", fake: "FakeStripeAPI"),
        fakeProviderAPI("FakeMercadoPagoAPI"),
        providerTests("MercadoPagoProviderTests", module: "MercadoPagoProvider", fake: "FakeMercadoPagoAPI"),
        .testTarget(
            name: "ChuwueGrillPackTests",
            dependencies: ["ChuwueGrillPack", "PasarelaKit", "PasarelaTesting", "SeedPartnerEvents"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FindyourWorkPackTests",
            dependencies: ["FindyourWorkPack", "PasarelaKit", "PasarelaTesting", "SeedPartnerEvents"],
            swiftSettings: swiftSettings
        ),
        // Fuzzing (docs/fuzzing.md): the targets' properties, built and replayed over their seed
        // corpus by every build; the libFuzzer executables come with PASARELA_FUZZ=1 (below).
        .target(
            name: "PasarelaFuzz",
            dependencies: ["PasarelaKit", "StripeProvider", "MercadoPagoProvider"],
            path: "Fuzz/PasarelaFuzz",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "PasarelaFuzzTests", dependencies: ["PasarelaFuzz"], swiftSettings: swiftSettings),
        .testTarget(
            name: "PasarelaHostTests",
            dependencies: [
                "PasarelaHost",
                "PasarelaBench",
                "MockProvider",
                "MercadoPagoProvider",
                "StripeProvider",
                "ChuwueGrillPack",
                "FindyourWorkPack",
                "FakeStripeAPI",
                "FakeMercadoPagoAPI",
                "PasarelaTesting",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
    ]
)

/// A local fake of a provider's API over real HTTP, in `Tests/<name>`, for the module's tests and the host's.
func fakeProviderAPI(_ name: String, resources: [Resource]? = nil) -> Target {
    .target(
        name: name,
        dependencies: [
            "PasarelaKit",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ],
        path: "Tests/\(name)",
        resources: resources,
        swiftSettings: swiftSettings
    )
}

/// The tests of a provider module, against its fake API through the host's HTTP transport (the
/// wire it will use in production).
func providerTests(_ name: String, module: String, fake: String) -> Target {
    .testTarget(
        name: name,
        dependencies: [.target(name: module), "PasarelaKit", "PasarelaTesting", .target(name: fake), "PasarelaHost"],
        exclude: ["Fixtures"],
        swiftSettings: swiftSettings
    )
}

/// The libFuzzer executables, `Fuzz/<name>/`, one per `FuzzTarget`: each is one C function,
/// `LLVMFuzzerTestOneInput`, and takes `main` from libFuzzer, so it links only in a build with
/// `-sanitize=fuzzer`; `PASARELA_FUZZ=1` adds them (`.ci/fuzz` does, docs/fuzzing.md). C, not Swift:
/// SwiftPM links a Swift executable with `main` aliased to `<module>_main`, which such a file lacks.
let fuzzTargetNames = [
    "FuzzJSONParser", "FuzzCanonicalJSON", "FuzzStripeSignature", "FuzzMercadoPagoSignature", "FuzzSignatureSchemes", "FuzzMoney",
]
if Context.environment["PASARELA_FUZZ"] == "1" {
    for name in fuzzTargetNames {
        package.targets.append(
            .executableTarget(name: name, dependencies: ["PasarelaFuzz"], path: "Fuzz/\(name)"))
        package.products.append(.executable(name: name, targets: [name]))
    }
}
