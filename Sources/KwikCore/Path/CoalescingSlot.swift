/// One kind of control frame (PONG, STATS) of which at most one sits unwritten in a connection's
/// outbound buffer: a newer one arriving meanwhile waits, replacing any older one waiting, since it
/// supersedes it. A peer that stops reading then makes none pile up, however many it provokes.
struct CoalescingSlot {
    private var isBusy = false
    private var waiting: Frame?

    /// The frame to write now, or nil while the previous one is unwritten (this one waits instead).
    mutating func offer(_ frame: Frame) -> Frame? {
        guard !isBusy else {
            waiting = frame
            return nil
        }
        isBusy = true
        return frame
    }

    /// The previous frame was written (or its connection is gone): the waiting one, to write now.
    mutating func written() -> Frame? {
        guard let next = waiting else {
            isBusy = false
            return nil
        }
        waiting = nil
        return next
    }
}
