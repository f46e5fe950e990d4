// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "kwiktop",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "KwikCore", targets: ["KwikCore"]),
        .library(name: "KwikSnapshot", targets: ["KwikSnapshot"]),
        .library(name: "KwikDashboard", targets: ["KwikDashboard"]),
        // Fixtures and helpers for Tests/, Benchmarks/ and Fuzz/ (public API only: benchmarks build in release).
        .library(name: "KwikTestSupport", targets: ["KwikTestSupport"]),
        .executable(name: "kwiktop", targets: ["kwiktop"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        .target(name: "KwikSnapshot", swiftSettings: strict),
        .target(
            name: "KwikCore",
            dependencies: [
                "KwikSnapshot",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "KwikExport",
            dependencies: [
                "KwikSnapshot",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses"),
        // The kernel's netlink, sock_diag and MPTCP headers (Debian's linux-libc-dev).
        .systemLibrary(name: "CNetlink", path: "Sources/CNetlink"),
        .target(name: "KwikMPTCP", dependencies: ["CNetlink", "KwikSnapshot"], swiftSettings: strict),
        // Themes/ (linked from the target's folder), compiled in so an installed binary has every theme.
        .target(
            name: "KwikDashboard", dependencies: ["KwikSnapshot", .product(name: "TOMLKit", package: "TOMLKit")],
            resources: [.embedInCode("Themes")],
            swiftSettings: strict),
        .target(
            name: "KwikTerminal", dependencies: ["KwikDashboard", "KwikSnapshot", "CNcurses"], swiftSettings: strict),
        .executableTarget(
            name: "kwiktop",
            dependencies: [
                "KwikCore", "KwikSnapshot", "KwikDashboard", "KwikTerminal", "KwikExport", "KwikMPTCP", "CNcurses",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "KwikTestSupport",
            dependencies: [
                "KwikCore",
                "KwikDashboard",
                "KwikSnapshot",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "kwik-peer",
            dependencies: [
                "KwikCore", "KwikSnapshot", "KwikTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KwikCoreTests",
            dependencies: [
                "KwikCore", "KwikSnapshot", "KwikTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KwikMPTCPTests", dependencies: ["KwikMPTCP", "KwikSnapshot", "CNetlink"], exclude: ["Fixtures"],
            swiftSettings: strict),
        .testTarget(
            name: "KwikExportTests",
            dependencies: [
                "KwikExport", "KwikSnapshot",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KwikDashboardTests",
            dependencies: ["KwikDashboard", "KwikSnapshot", "KwikTestSupport"],
            exclude: ["Render/Snapshots"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KwikSnapshotTests",
            dependencies: ["KwikSnapshot", "KwikTestSupport"],
            exclude: ["Golden"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KwikTerminalTests",
            dependencies: ["KwikTerminal", "KwikDashboard", "KwikSnapshot", "KwikTestSupport", "CNcurses"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "kwiktopTests",
            dependencies: [
                "kwiktop", "KwikCore", "KwikSnapshot", "KwikMPTCP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
    ]
)
