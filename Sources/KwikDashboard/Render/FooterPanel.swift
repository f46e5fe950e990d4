/// The bottom line: the latest status message, then as many key hints as fit.
enum FooterPanel {
    static let hints: [(key: String, action: String)] = [
        ("q", "quit"), ("?", "help"), ("↑↓", "select"), ("⏎", "detail"), ("␣", "toggle"), ("x", "kill"),
        ("b", "black-hole"),
        ("s", "scheduler"), ("⇥", "window"), ("+-", "refresh"), ("t", "theme"), ("p", "pause"), ("r", "reset"),
    ]

    static func draw(_ state: DashboardState, in rect: Rect, on canvas: inout Canvas) {
        draw(status: state.statusMessage, hints: hints, ascii: state.isASCII, in: rect, on: &canvas)
    }

    /// The footer of any screen: `status` (if any), then the `hints` that fit.
    static func draw(
        status: String?, hints: [(key: String, action: String)], ascii: Bool, in rect: Rect, on canvas: inout Canvas
    ) {
        var x = rect.x
        if let status, !status.isEmpty {
            x += canvas.text(status, x: x, y: rect.y, width: rect.width, role: .accent)
            x += 2
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
