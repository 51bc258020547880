// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "pump",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "pump", targets: ["pump"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
    ],
    targets: [
        // C libraries, found through pkg-config; the apt names tell a fresh machine what to install.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        .target(name: "PumpSystem"),
        .target(name: "PumpJSON"),
        .target(name: "PumpHTTP", dependencies: ["CCurl", "CZlib", "PumpSystem"]),
        .target(name: "PumpAWS", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "PumpDynamoDB", dependencies: ["PumpHTTP", "PumpAWS", "PumpJSON", "PumpSystem"]),
        .target(name: "PumpArchive", dependencies: [
            "CZstd", "CZlib", "PumpJSON", "PumpSystem", .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "PumpEngine", dependencies: ["PumpDynamoDB", "PumpArchive", "PumpAWS", "PumpHTTP", "PumpJSON", "PumpSystem"]),
        .executableTarget(name: "pump", dependencies: [
            "PumpEngine", "PumpDynamoDB", "PumpArchive", "PumpAWS", "PumpHTTP", "PumpSystem",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .target(name: "PumpTestSupport", dependencies: ["PumpDynamoDB", "PumpAWS", "PumpHTTP", "PumpSystem", "PumpJSON", "PumpArchive"], path: "Tests/PumpTestSupport"),
        .testTarget(name: "PumpJSONTests", dependencies: ["PumpJSON"]),
        .testTarget(name: "PumpAWSTests", dependencies: ["PumpAWS"]),
        .testTarget(name: "PumpHTTPTests", dependencies: ["PumpHTTP", "PumpTestSupport"]),
        .testTarget(name: "PumpDynamoDBTests", dependencies: ["PumpDynamoDB", "PumpTestSupport"]),
        .testTarget(name: "PumpArchiveTests", dependencies: ["PumpArchive"]),
        .testTarget(name: "PumpEngineTests", dependencies: ["PumpEngine", "PumpTestSupport"]),
    ]
)
