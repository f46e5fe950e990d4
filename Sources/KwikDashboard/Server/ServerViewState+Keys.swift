/// The server dashboard's keys: the list's own (htop's where it has one), or those of the session
/// opened from it, which act on the server's side of that session.
extension ServerViewState {
    /// Interprets one input; returns what the server or run loop must do.
    public mutating func apply(_ input: DashboardInput) -> [ServerCommand] {
        if case .session(let id) = mode, var state = sessions[id] {
            if input == .key(.escape) && state.overlay == .none {
                mode = .list
                return []
            }
            adopt(into: &state)
            let commands = state.apply(input)
            store(state, as: id)
            return commands.map { $0 == .quit ? .quit : .session(id, $0) }
        }
        switch input {
        case .click(let click):
            let layout = SessionListLayout(width: screenWidth, height: screenHeight, state: self)
            let rows = rows
            if let index = layout.rowIndex(at: click), index < rows.count { selectedSessionID = rows[index].id }
            return []
        case .key(.interrupt): return [.quit]
        case .key(let key):
            switch prompt {
            case .none: return apply(key)
            case .filter:
                editFilter(key)
                return []
            case .confirmEnd(let id):
                prompt = .none
                guard key == .character("y") else {
                    statusMessage = "session \(Self.shortID(id)) kept"
                    return []
                }
                statusMessage = "ending session \(Self.shortID(id))"
                return [.endSession(id)]
            }
        }
    }

    private mutating func apply(_ key: Key) -> [ServerCommand] {
        if showsHelp {
            // The help covers the list: a key that acted behind it would act where the user cannot see.
            switch key {
            case .character("q"): return [.quit]
            case .character("?"), .escape: showsHelp = false
            default: statusMessage = "help is open: ? or Esc closes it"
            }
            return []
        }
        switch key {
        case .character("q"): return [.quit]
        case .character("?"): showsHelp = true
        case .up, .character("k"): moveSelection(by: -1)
        case .down, .character("j"): moveSelection(by: 1)
        case .enter:
            guard let row = selectedRow else {
                statusMessage = "no session to open"
                return []
            }
            mode = .session(row.id)
        case .escape:
            if !filter.isEmpty {
                filter = ""
                statusMessage = "filter cleared"
            }
        case .function(6), .character(">"): sort(by: sortColumn.next)
        case .character("<"): sort(by: sortColumn.previous)
        case .character("I"):
            sortDescending.toggle()
            statusMessage = "sorted by \(sortColumn.title), \(sortDescending ? "descending" : "ascending")"
        case .character("/"):
            prompt = .filter
        case .character("x"):
            guard let row = selectedRow, !row.hasEnded else {
                statusMessage = "no running session selected"
                return []
            }
            guard !refuseWhenReadOnly("end a session") else { return [] }
            prompt = .confirmEnd(row.id)
        case .character("a"):
            guard let accepts = server?.acceptsNewSessions else { return [] }
            guard !refuseWhenReadOnly(accepts ? "refuse new sessions" : "accept new sessions") else { return [] }
            statusMessage = accepts ? "refusing new sessions" : "accepting new sessions"
            return [.setAcceptsNewSessions(!accepts)]
        case .character("+"), .character("="): changeRefreshRate(by: 1)
        case .character("-"), .character("_"): changeRefreshRate(by: -1)
        case .character("t"):
            guard !themeNames.isEmpty else { return [] }
            themeName = themeNames[((themeNames.firstIndex(of: themeName) ?? -1) + 1) % themeNames.count]
            statusMessage = "theme \(themeName)"
        default: break
        }
        return []
    }

    private mutating func editFilter(_ key: Key) {
        switch key {
        case .enter: prompt = .none
        case .escape:
            filter = ""
            prompt = .none
        case .backspace: filter = String(filter.dropLast())
        case .up: moveSelection(by: -1)
        case .down: moveSelection(by: 1)
        case .character(let character): filter.append(character)
        default: return
        }
        if let first = rows.first, selectedRow == nil { selectedSessionID = first.id }
        listScrollOffset = 0
    }

    private mutating func sort(by column: SessionColumn) {
        sortColumn = column
        statusMessage = "sorted by \(column.title), \(sortDescending ? "descending" : "ascending")"
    }

    private mutating func moveSelection(by step: Int) {
        let rows = rows
        guard !rows.isEmpty else { return }
        let current = rows.firstIndex { $0.id == selectedSessionID } ?? (step > 0 ? -1 : rows.count)
        selectedSessionID = rows[min(rows.count - 1, max(0, current + step))].id
        listScrollOffset = SessionListLayout(width: screenWidth, height: screenHeight, state: self).firstVisibleRow
    }

    private mutating func changeRefreshRate(by step: Int) {
        let rates = DashboardState.refreshRates
        let current = rates.firstIndex(of: refreshHz) ?? rates.count - 1
        refreshHz = rates[min(rates.count - 1, max(0, current + step))]
        statusMessage = "refresh \(refreshHz) Hz"
    }

    private mutating func refuseWhenReadOnly(_ what: String) -> Bool {
        guard isReadOnly else { return false }
        statusMessage = "read-only: cannot \(what)"
        return true
    }
}
