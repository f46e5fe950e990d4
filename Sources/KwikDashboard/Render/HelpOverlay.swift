/// A centred box listing every key.
enum HelpOverlay {
    static let lines: [(keys: String, meaning: String)] = [
        ("1-9", "toggle path N (disable / enable)"),
        ("up/down j/k", "select a path (or click its row)"),
        ("enter", "the selected path in depth: graphs and figures"),
        ("space", "toggle the selected path"),
        ("x", "kill the selected path"),
        ("b", "black-hole the selected path / restore it"),
        ("s", "next scheduler"),
        ("tab", "averaging window 1s / 5s / 10s"),
        ("[ ]", "graph span 15s / 30s / 1m / 2m / 5m"),
        ("L", "legend at the bottom / top / hidden"),
        ("+ -", "refresh rate (1-16 Hz)"),
        ("t", "next theme"),
        ("p", "pause the display"),
        ("r", "reset counters"),
        ("?", "this help"),
        ("esc", "close this help, or back from the path"),
        ("q ctrl-c", "quit"),
        ("rx, goodput", "rx: all a path carries (headers, copies, packets"),
        ("", "waiting their turn); goodput: payload in order"),
    ]

    static func draw(in screen: Rect, on canvas: inout Canvas) { draw(lines: lines, in: screen, on: &canvas) }

    /// A help box listing `lines` (any screen's keys and notes).
    static func draw(lines: [(keys: String, meaning: String)], in screen: Rect, on canvas: inout Canvas) {
        let keyWidth = 12
        let wanted = 2 + 1 + keyWidth + 1 + (lines.map(\.meaning.count).max() ?? 0) + 1
        let width = min(wanted, screen.width - 2)
        let height = min(lines.count + 2, screen.height - 2)
        let rect = Rect(
            x: screen.x + (screen.width - width) / 2, y: screen.y + (screen.height - height) / 2, width: width,
            height: height)
        canvas.grid.fill(rect, role: .plain)
        canvas.box(rect, role: .title, title: "help · esc closes")
        for (row, line) in lines.prefix(max(0, height - 2)).enumerated() {
            let y = rect.y + 1 + row
            canvas.text(line.keys, x: rect.x + 2, y: y, width: keyWidth, role: .accent)
            canvas.text(line.meaning, x: rect.x + 3 + keyWidth, y: y, width: rect.width - 4 - keyWidth, role: .plain)
        }
    }
}
