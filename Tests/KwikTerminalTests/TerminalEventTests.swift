import CNcurses
import KwikDashboard
import Testing

@testable import KwikTerminal

/// `get_wch` results as ncurses returns them: a status and a wide character or key code.
struct TerminalEventTests {
    func character(_ value: UInt32) -> TerminalEvent { TerminalEvent.decode(status: OK, value: value) }
    func function(_ code: Int32) -> TerminalEvent {
        TerminalEvent.decode(status: kw_key_code_yes(), value: UInt32(code))
    }

    @Test func printableCharactersAreKeys() {
        #expect(character(UInt32(("q" as Unicode.Scalar).value)) == .input(.key(.character("q"))))
        #expect(character(UInt32(("+" as Unicode.Scalar).value)) == .input(.key(.character("+"))))
        #expect(character(0x00E9) == .input(.key(.character("é"))))
    }

    @Test func controlCharacters() {
        #expect(character(3) == .input(.key(.interrupt)), "Ctrl-C arrives as a key in raw mode")
        #expect(character(9) == .input(.key(.tab)))
        #expect(character(10) == .input(.key(.enter)))
        #expect(character(13) == .input(.key(.enter)))
        #expect(character(27) == .input(.key(.escape)))
        #expect(character(1) == .ignored)
        #expect(character(0xD800) == .ignored, "a lone surrogate is no character")
    }

    @Test func functionKeys() {
        #expect(function(kw_key_up()) == .input(.key(.up)))
        #expect(function(kw_key_down()) == .input(.key(.down)))
        #expect(function(kw_key_enter()) == .input(.key(.enter)))
        #expect(function(kw_key_btab()) == .input(.key(.tab)))
        #expect(function(kw_key_resize()) == .resize)
        #expect(function(kw_key_mouse()) == .mouse)
        #expect(function(kw_key_down() + 1000) == .ignored)
    }
}
