/// The bottom line: as many key hints as fit; the latest status message sits in the line above (the
/// last box's bottom border, left of a legend there), so that it never pushes a hint off the screen.
enum FooterPanel {
    static let hints: [(key: String, action: String)] = [
        ("q", "quit"), ("?", "help"), ("↑↓", "select"), ("⏎", "detail"), ("␣", "toggle"), ("x", "kill"),
        ("b", "black-hole"),
        ("s", "scheduler"), ("⇥", "window"), ("+-", "refresh"), ("t", "theme"), ("p", "pause"), ("r", "reset"),
    ]

    static func draw(_ state: DashboardState, in rect: Rect, on canvas: inout Canvas) {
        let shown = state.returnsToList ? [("esc", "sessions")] + hints : hints
        draw(status: state.statusMessage, hints: shown, ascii: state.isASCII, in: rect, on: &canvas)
    }

    /// The footer of any screen: the `hints` that fit, and `status` (if any) above them; on a screen of
    /// one line, the status goes first.
    static func draw(
        status: String?, hints: [(key: String, action: String)], ascii: Bool, in rect: Rect, on canvas: inout Canvas
    ) {
        var x = rect.x
        if let status, !status.isEmpty {
            if rect.y > 0 {
                let room = max(0, rect.width - Self.legendRoom)
                let shown = status.count > room ? String(status.prefix(max(0, room - 1))) + "…" : status
                canvas.write(" \(shown) ", x: rect.x + 2, y: rect.y - 1, role: .accent)
            } else {
                x += canvas.text(status, x: x, y: rect.y, width: rect.width, role: .accent)
                x += 2
            }
        }
        for hint in hints {
            let key = ascii ? asciiKey(hint.key) : hint.key
            let length = key.unicodeScalars.count + 1 + hint.action.count
            guard x + length <= rect.maxX else { break }
            x += canvas.write(key, x: x, y: rect.y, role: .accent)
            x += 1
            x += canvas.write(hint.action, x: x, y: rect.y, role: .dim)
            x += 2
        }
    }

    /// Columns of the border line left to its corners and a legend of four paths.
    static let legendRoom = 28

    static func asciiKey(_ key: String) -> String {
        switch key {
        case "↑↓": "j/k"
        case "␣": "spc"
        case "⏎": "enter"
        case "⇥": "tab"
        default: key
        }
    }
}
