import CNcurses
import KwikDashboard

/// What one read from ncurses meant.
enum TerminalEvent: Equatable {
    case input(DashboardInput)
    case resize
    /// A mouse event that must be fetched with `getmouse`.
    case mouse
    case ignored

    /// Decodes a `get_wch` result: `status` is `KEY_CODE_YES` for function keys, `OK` for characters.
    static func decode(status: Int32, value: UInt32) -> TerminalEvent {
        if status == kw_key_code_yes() {
            switch Int32(bitPattern: value) {
            case kw_key_up(): return .input(.key(.up))
            case kw_key_down(): return .input(.key(.down))
            case kw_key_enter(): return .input(.key(.enter))
            case kw_key_btab(): return .input(.key(.tab))
            case kw_key_resize(): return .resize
            case kw_key_mouse(): return .mouse
            case kw_key_backspace(): return .input(.key(.backspace))
            case let code where code > kw_key_f0() && code <= kw_key_f0() + 12:
                return .input(.key(.function(Int(code - kw_key_f0()))))
            default: return .ignored
            }
        }
        switch value {
        case 3: return .input(.key(.interrupt))
        case 9: return .input(.key(.tab))
        case 10, 13: return .input(.key(.enter))
        case 27: return .input(.key(.escape))
        case 8, 127: return .input(.key(.backspace))
        default:
            guard let scalar = Unicode.Scalar(value), value >= 32 else { return .ignored }
            return .input(.key(.character(Character(scalar))))
        }
    }
}
