/// A key press, already decoded by the terminal backend. All key logic lives in ``DashboardState``.
public enum Key: Equatable, Sendable {
    case character(Character)
    case up
    case down
    case tab
    case escape
    case enter
    case backspace
    /// F1…F12.
    case function(Int)
    /// Ctrl-C, or SIGINT delivered to the process.
    case interrupt
}

/// A mouse click at a cell (0-based column and row).
public struct MouseClick: Equatable, Sendable {
    public var x: Int
    public var y: Int

    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}

/// Everything the user can do to the dashboard.
public enum DashboardInput: Equatable, Sendable {
    case key(Key)
    case click(MouseClick)
}
