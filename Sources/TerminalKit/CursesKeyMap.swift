import CNcursesw

/// The names of the key codes curses decodes (with `keypad` on) from the terminal's terminfo entry.
enum CursesKeyMap {
    static func key(forCode code: Int32) -> Key? {
        switch code {
        case arbor_curses_key_up(): .up
        case arbor_curses_key_down(): .down
        case arbor_curses_key_left(): .left
        case arbor_curses_key_right(): .right
        case arbor_curses_key_home(): .home
        case arbor_curses_key_end(): .end
        case arbor_curses_key_ppage(): .pageUp
        case arbor_curses_key_npage(): .pageDown
        case arbor_curses_key_btab(): .backTab
        case arbor_curses_key_enter(): .enter
        case arbor_curses_key_backspace(): .backspace
        case arbor_curses_key_dc(): .delete
        case arbor_curses_key_ic(): .insert
        case arbor_curses_key_f(1)...arbor_curses_key_f(63): .function(Int(code - arbor_curses_key_f(0)))
        default: nil
        }
    }
}
