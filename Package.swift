// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "kwiktop",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "KwikCore", targets: ["KwikCore"]),
        .library(name: "KwikMetrics", targets: ["KwikMetrics"]),
        .library(name: "KwikDashboard", targets: ["KwikDashboard"]),
        .executable(name: "kwiktop", targets: ["kwiktop"]),
        .library(name: "KwikTestSupport", targets: ["KwikTestSupport"]),
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
    ],
    targets: [
        .target(name: "KwikMetrics", swiftSettings: strict),
        .target(
            name: "KwikCore",
            dependencies: [
                "KwikMetrics",
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
                "KwikMetrics",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses"),
        .target(name: "KwikDashboard", dependencies: ["KwikMetrics"], swiftSettings: strict),
        .target(name: "KwikTerminal", dependencies: ["KwikDashboard", "KwikMetrics", "CNcurses"], swiftSettings: strict),
        .executableTarget(
            name: "kwiktop",
            dependencies: [
                "KwikCore", "KwikMetrics", "KwikDashboard", "KwikTerminal", "KwikExport", "CNcurses",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "KwikTestSupport",
            dependencies: [
                "KwikCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "kwik-peer",
            dependencies: [
                "KwikCore", "KwikMetrics", "KwikTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KwikCoreTests",
            dependencies: [
                "KwikCore", "KwikMetrics", "KwikTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KwikExportTests",
            dependencies: [
                "KwikExport", "KwikMetrics",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "KwikDashboardTests", dependencies: ["KwikDashboard", "KwikMetrics"], exclude: ["Snapshots"], swiftSettings: strict),
    ]
)
