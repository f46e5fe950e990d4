import Foundation
import Testing

@testable import KwikDashboard

/// Every bundled theme is legible: text meets WCAG AA (4.5:1) against the background, boxes and path
/// colours 3:1 (WCAG's bar for graphics), and warnings look like nothing else on screen.
struct ThemeContrastTests {
    /// Where a theme leaves the background to the terminal, the one its colours were chosen for.
    static let assumedBackground: [String: RGB] = ["default": RGB(0x1E, 0x1E, 0x2E), "tty": RGB(0, 0, 0)]
    static let textRoles: [StyleRole] = [.value, .label, .dim, .accent, .good, .warn, .bad, .title, .graphText]
    static let graphicRoles: [StyleRole] =
        [.headerBox, .pathsBox, .graphBox, .eventsBox] + (0..<StyleRole.pathPaletteSize).map { .path(UInt8($0)) }

    static func themes() throws -> [(String, Theme, RGB)] {
        let loader = ThemeLoader(environment: [:])
        return try loader.availableThemeNames().map { name in
            let theme = try loader.load(name)
            let background: RGB
            if case .rgb(let rgb) = theme.style(for: .value).background {
                background = rgb
            } else {
                background = try #require(Self.assumedBackground[name], "\(name) needs an assumed background")
            }
            return (name, theme, background)
        }
    }

    static func rgb(_ color: Color?) -> RGB? {
        if case .rgb(let rgb) = color { return rgb }
        return nil
    }

    @Test func textMeetsAAAndGraphicsThreeToOne() throws {
        for (name, theme, background) in try Self.themes() {
            for (roles, bar) in [(Self.textRoles, 4.5), (Self.graphicRoles, 3.0)] {
                for role in roles {
                    let color = try #require(Self.rgb(theme.style(for: role).foreground), "\(name) \(role)")
                    let ratio = contrast(color, background)
                    #expect(ratio >= bar, "\(name): \(role) is \(String(format: "%.2f", ratio)):1, needs \(bar)")
                }
            }
            let selected = theme.style(for: .selected)
            if let foreground = Self.rgb(selected.foreground), let back = Self.rgb(selected.background) {
                #expect(contrast(foreground, back) >= 4.5, "\(name): selected row")
            }
        }
    }

    @Test func warningsHaveAColourOfTheirOwn() throws {
        for (name, theme, _) in try Self.themes() {
            let warn = theme.style(for: .warn).foreground
            for role in [StyleRole.accent, .title, .headerBox, .pathsBox, .graphBox, .eventsBox] {
                #expect(theme.style(for: role).foreground != warn, "\(name): warn looks like \(role)")
            }
        }
    }

    @Test func contrastIsWCAGs() {
        #expect(abs(contrast(RGB(0, 0, 0), RGB(255, 255, 255)) - 21) < 0.01)
        #expect(abs(contrast(RGB(0x77, 0x77, 0x77), RGB(255, 255, 255)) - 4.48) < 0.01)
    }

    /// WCAG 2's contrast ratio of two sRGB colours.
    func contrast(_ a: RGB, _ b: RGB) -> Double {
        func luminance(_ c: RGB) -> Double {
            func channel(_ value: UInt8) -> Double {
                let v = Double(value) / 255
                return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4)
            }
            return 0.2126 * channel(c.red) + 0.7152 * channel(c.green) + 0.0722 * channel(c.blue)
        }
        let (x, y) = (luminance(a), luminance(b))
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }
}
