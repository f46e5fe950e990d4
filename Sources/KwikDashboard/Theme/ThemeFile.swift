/// Parser for btop's theme format: one `theme[key]="value"` per line, where the value is `#RRGGBB`,
/// `#GG` (grey), `R G B` in decimal, or empty for the terminal default. Blank lines and lines starting
/// with `#` are comments. Every key is returned; the caller decides which it knows.
public enum ThemeFile {
    public static func parse(_ text: String, file: String) throws(ThemeError) -> [String: Color] {
        var entries: [String: Color] = [:]
        for (offset, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated()
        {
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            func fail(_ reason: String) -> ThemeError { .malformed(file: file, line: offset + 1, reason: reason) }

            guard line.hasPrefix("theme["), let close = line.firstIndex(of: "]") else {
                throw fail("expected theme[key]=\"value\"")
            }
            let key = line[line.index(line.startIndex, offsetBy: 6)..<close]
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw fail("bad key \"\(key)\"")
            }
            let rest = line[line.index(after: close)...].trimmingWhitespace()
            guard rest.hasPrefix("=") else { throw fail("expected = after theme[\(key)]") }
            var value = rest.dropFirst().trimmingWhitespace()
            if value.hasPrefix("\"") {
                guard value.count >= 2, value.hasSuffix("\"") else { throw fail("unterminated quote") }
                value = value.dropFirst().dropLast()
            }
            guard let color = parseColor(value.trimmingWhitespace()) else {
                throw fail("bad colour \"\(value)\" for \(key) (want #RRGGBB, #GG or R G B)")
            }
            entries[String(key)] = color
        }
        return entries
    }

    static func parseColor(_ value: Substring) -> Color? {
        if value.isEmpty { return .terminalDefault }
        if value.hasPrefix("#") { return RGB(hex: value).map(Color.rgb) }
        let parts = value.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 3 else { return nil }
        let components = parts.compactMap { UInt8($0) }
        guard components.count == 3 else { return nil }
        return .rgb(RGB(components[0], components[1], components[2]))
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var result = self
        while let first = result.first, first.isWhitespace { result.removeFirst() }
        while let last = result.last, last.isWhitespace { result.removeLast() }
        return result
    }
}
