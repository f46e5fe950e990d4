/// A view state whose `t` key steps through the themes, said in its footer.
protocol ThemeCycling {
    var themeName: String { get set }
    var themeNames: [String] { get }
    var statusMessage: String? { get set }
}

extension ThemeCycling {
    mutating func cycleTheme() {
        guard !themeNames.isEmpty else { return }
        let next = ((themeNames.firstIndex(of: themeName) ?? -1) + 1) % themeNames.count
        themeName = themeNames[next]
        statusMessage = "theme \(themeName)"
    }
}

/// A view state whose `+`/`-` keys step its refresh rate through `DashboardState.refreshRates`.
protocol RefreshStepping {
    var refreshHz: Int { get set }
    var statusMessage: String? { get set }
}

extension RefreshStepping {
    /// A rate between two listed ones steps from the next one up.
    mutating func changeRefreshRate(by step: Int) {
        let rates = DashboardState.refreshRates
        let current = rates.firstIndex(of: refreshHz) ?? rates.firstIndex { $0 > refreshHz } ?? rates.count - 1
        refreshHz = rates[min(rates.count - 1, max(0, current + step))]
        statusMessage = "refresh \(refreshHz) Hz"
    }
}
