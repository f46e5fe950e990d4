// swift-tools-version: 5.4
// libFuzzer target for the frame decoder and the handshake, in its own package so that the main build
// never sees the sanitizer flags. Build and run it with .ci/fuzz.sh (see docs/SECURITY.md).
//
// The tools version stays below 5.5 on purpose: from 5.5 on, SwiftPM renames an executable's entry
// point to `<module>_main` and links `main` to it, but a fuzz target has no entry point of its own
// (`-parse-as-library`); libFuzzer's `main` must win.
import PackageDescription

import struct Foundation.URL

/// SwiftPM names a path dependency after its directory, so the main package's identity is the name of
/// the checkout directory (`main`, `kwiktop`, …).
let kwiktop = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent.lowercased()

let package = Package(
    name: "KwiktopFuzz",
    platforms: [.macOS("15.0")],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .target(name: "CAllocationWatch"),
        .executableTarget(
            name: "KwikFuzz",
            dependencies: [
                "CAllocationWatch",
                .product(name: "KwikCore", package: kwiktop),
                .product(name: "KwikSnapshot", package: kwiktop),
                .product(name: "KwikTestSupport", package: kwiktop),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)
