// swift-tools-version:6.1
import PackageDescription

// An out-of-tree Pasarela module: a payment provider built as a shared library that a host
// loads from `modules.paths`, without being rebuilt. See README.md.
let package = Package(
    name: "custom-provider",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "CondorProvider", type: .dynamic, targets: ["CondorProvider"]),
    ],
    dependencies: [
        // The Pasarela repository, for its ADK (PasarelaKit) and conformance kit (PasarelaTesting).
        .package(name: "pasarela", path: "../.."),
    ],
    targets: [
        .target(
            name: "CondorProvider",
            dependencies: [.product(name: "PasarelaKitDynamic", package: "pasarela")]
        ),
        .testTarget(
            name: "CondorProviderTests",
            dependencies: ["CondorProvider", .product(name: "PasarelaTesting", package: "pasarela")]
        ),
    ]
)
