import Foundation
import KwikDashboard
import KwikSnapshot
import KwikTestSupport
import Testing

/// Whole frames compared as text with files in `Snapshots/`. Run with `KWIK_RECORD_SNAPSHOTS=1` to
/// rewrite them after an intended change (then review the diff); a missing file fails the test.
struct FrameSnapshotTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Snapshots")

    static func assertFrame(
        _ grid: CellGrid, named name: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let url = directory.appendingPathComponent("\(name).txt")
        let actual = grid.text + "\n"
        if ProcessInfo.processInfo.environment["KWIK_RECORD_SNAPSHOTS"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record(
                "missing snapshot \(name).txt; record it with KWIK_RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
            return
        }
        #expect(actual == expected, "frame \(name) changed:\n\(actual)", sourceLocation: sourceLocation)
    }

    @Test(arguments: [(80, 24), (120, 40), (200, 60)], [1, 4, 16])
    func frame(size: (Int, Int), paths: Int) throws {
        let state = SnapshotFixtures.dashboard(paths: paths, width: size.0, height: size.1)
        try Self.assertFrame(SnapshotFixtures.frame(state), named: "frame-\(size.0)x\(size.1)-\(paths)paths")
    }

    @Test func helpOverlay() throws {
        var state = SnapshotFixtures.dashboard(paths: 4, width: 80, height: 24)
        _ = state.apply(.key(.character("?")))
        try Self.assertFrame(SnapshotFixtures.frame(state), named: "help-80x24")
    }

    @Test func tooSmall() throws {
        let state = SnapshotFixtures.dashboard(paths: 4, width: 50, height: 12)
        try Self.assertFrame(SnapshotFixtures.frame(state), named: "too-small-50x12")
    }

    @Test func asciiMode() throws {
        let state = SnapshotFixtures.dashboard(paths: 4, width: 100, height: 30, ascii: true)
        let grid = SnapshotFixtures.frame(state)
        let text = grid.text
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
        try Self.assertFrame(grid, named: "ascii-100x30-4paths")
    }

    @Test func shortTerminalDropsPanels() throws {
        let state = SnapshotFixtures.dashboard(paths: 4, width: 60, height: 16)
        try Self.assertFrame(SnapshotFixtures.frame(state), named: "frame-60x16-4paths")
    }

    /// The header says what protects the wire, and flags TLS whose certificate nobody checked.
    @Test(arguments: [
        (Encryption.plaintext, "plaintext", StyleRole.value), (.tls, "TLS", .good),
        (.tlsUnverified, "TLS unverified", .warn),
    ])
    func headerShowsTheWire(encryption: Encryption, text: String, role: StyleRole) throws {
        var state = DashboardState(themeNames: ["default"], isASCII: false, screenWidth: 120, screenHeight: 40)
        var snapshot = SnapshotFixtures.snapshot(paths: 2)
        snapshot.encryption = encryption
        state.ingest(snapshot)
        let grid = SnapshotFixtures.frame(state)
        let row = (0..<grid.width).map { grid[$0, 2] }
        let wanted = Array("wire \(text)  ".unicodeScalars)
        let x = try #require(
            row.indices.first { start in
                start + wanted.count <= row.count && zip(row[start...], wanted).allSatisfy { $0.scalar == $1 }
            }, "no 'wire \(text)' in the header")
        #expect(grid[x, 2].role == .label)
        #expect(grid[x + 5, 2].role == role)
    }

    @Test func pausedReadOnlyWithStatus() throws {
        var state = SnapshotFixtures.dashboard(paths: 4, width: 120, height: 30)
        state.isReadOnly = true
        _ = state.apply(.key(.character("x")))
        _ = state.apply(.key(.character("p")))
        try Self.assertFrame(SnapshotFixtures.frame(state), named: "paused-readonly-120x30")
    }

    @Test func beforeFirstSnapshot() throws {
        let state = DashboardState(screenWidth: 80, screenHeight: 24)
        try Self.assertFrame(SnapshotFixtures.frame(state), named: "empty-80x24")
    }
}
