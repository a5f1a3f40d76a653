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
        .library(name: "PasarelaTesting", targets: ["PasarelaTesting"]),
        .library(name: "PasarelaHost", targets: ["PasarelaHost"]),
        .library(name: "MockProvider", targets: ["MockProvider"]),
        .library(name: "MercadoPagoProvider", targets: ["MercadoPagoProvider"]),
        .library(name: "StripeProvider", targets: ["StripeProvider"]),
        .library(name: "ChuwueGrillPack", targets: ["ChuwueGrillPack"]),
        .library(name: "FindyourWorkPack", targets: ["FindyourWorkPack"]),
        .executable(name: "pasarela", targets: ["pasarela"]),
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
            swiftSettings: swiftSettings
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
        .target(
            name: "ChuwueGrillPack",
            dependencies: ["PasarelaKit"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FindyourWorkPack",
            dependencies: ["PasarelaKit"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "pasarela",
            dependencies: [
                "PasarelaHost",
                "MockProvider",
                "MercadoPagoProvider",
                "StripeProvider",
                "ChuwueGrillPack",
                "FindyourWorkPack",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
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
        // A local fake of Stripe's API (real HTTP) for the Stripe module's tests and the host's.
        .target(
            name: "FakeStripeAPI",
            dependencies: [
                "PasarelaKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            path: "Tests/FakeStripeAPI",
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StripeProviderTests",
            dependencies: [
                "StripeProvider", "PasarelaKit", "PasarelaTesting", "FakeStripeAPI",
                // The host's HTTP transport, so the module is tested over the wire it will use.
                "PasarelaHost",
            ],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        // A local fake of MercadoPago's Payments API (real HTTP) for the module's tests and the host's.
        .target(
            name: "FakeMercadoPagoAPI",
            dependencies: [
                "PasarelaKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            path: "Tests/FakeMercadoPagoAPI",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MercadoPagoProviderTests",
            dependencies: [
                "MercadoPagoProvider", "PasarelaKit", "PasarelaTesting", "FakeMercadoPagoAPI",
                // The host's HTTP transport, so the module is tested over the wire it will use.
                "PasarelaHost",
            ],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ChuwueGrillPackTests",
            dependencies: ["ChuwueGrillPack", "PasarelaKit", "PasarelaTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FindyourWorkPackTests",
            dependencies: ["FindyourWorkPack", "PasarelaKit", "PasarelaTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PasarelaHostTests",
            dependencies: [
                "PasarelaHost",
                "MockProvider",
                "MercadoPagoProvider",
                "StripeProvider",
                "ChuwueGrillPack",
                "FindyourWorkPack",
                "FakeStripeAPI",
                "FakeMercadoPagoAPI",
                "PasarelaTesting",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
    ]
)
