// swift-tools-version: 6.3
// Micro-benchmarks for kwiktop (package-benchmark). A separate package so the main `swift build`
// never pulls in the benchmark tooling. Run from this directory:
//   swift package --disable-sandbox benchmark
import PackageDescription

import struct Foundation.URL

/// SwiftPM names a path dependency after its directory, so the main package's identity is the name of
/// the checkout directory (`main`, `kwiktop`, …).
let kwiktop = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent.lowercased()

let package = Package(
    name: "KwiktopBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "KwikCoreBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "KwikCore", package: kwiktop),
                .product(name: "KwikSnapshot", package: kwiktop),
                .product(name: "KwikTestSupport", package: kwiktop),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/KwikCoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "KwikDashboardBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "KwikDashboard", package: kwiktop),
                .product(name: "KwikSnapshot", package: kwiktop),
                .product(name: "KwikTestSupport", package: kwiktop),
            ],
            path: "Benchmarks/KwikDashboardBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
