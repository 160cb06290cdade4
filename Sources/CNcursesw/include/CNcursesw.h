// The C side of TerminalKit's curses backend. SwiftPM drops pkg-config `-D` flags, so the wide-character
// interface is switched on here, before curses.h. Macros and globals that Swift cannot import reliably are
// wrapped in `static inline` functions with an `arbor_curses_` prefix; async-signal-safe terminal restoration
// lives in shim.c because a signal handler must be plain C.
#ifndef ARBOR_CNCURSESW_H
#define ARBOR_CNCURSESW_H

#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
/// Opens a pseudo-terminal pair (master and slave descriptors); returns -1 on failure. For tests that type at the
/// backend as a person would.
int arbor_pty_open(int *master, int *slave);

#endif
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE 1
/// Opens a pseudo-terminal pair (master and slave descriptors); returns -1 on failure. For tests that type at the
/// backend as a person would.
int arbor_pty_open(int *master, int *slave);

#endif
#define NCURSES_WIDECHAR 1

#include <locale.h>
#include <langinfo.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// MARK: locale

// Whether the locale `name` (as LANG would name it) uses UTF-8; false when the system does not have it.
static inline bool arbor_locale_is_utf8(const char *name) {
    locale_t locale = newlocale(LC_CTYPE_MASK, name, (locale_t)0);
    if (locale == (locale_t)0) return false;
    const char *codeset = nl_langinfo_l(CODESET, locale);
    bool utf8 = codeset != NULL && strcmp(codeset, "UTF-8") == 0;
    freelocale(locale);
    return utf8;
}

// MARK: globals and macros

static inline WINDOW *arbor_curses_stdscr(void) { return stdscr; }
static inline int arbor_curses_cols(void) { return COLS; }
static inline int arbor_curses_lines(void) { return LINES; }
static inline int arbor_curses_colors(void) { return COLORS; }
static inline int arbor_curses_color_pairs(void) { return COLOR_PAIRS; }
static inline int arbor_curses_ok(void) { return OK; }
static inline int arbor_curses_err(void) { return ERR; }
static inline int arbor_curses_key_code_yes(void) { return KEY_CODE_YES; }
static inline int arbor_curses_cchar_max(void) { return CCHARW_MAX; }

static inline int arbor_curses_key_down(void) { return KEY_DOWN; }
static inline int arbor_curses_key_up(void) { return KEY_UP; }
static inline int arbor_curses_key_left(void) { return KEY_LEFT; }
static inline int arbor_curses_key_right(void) { return KEY_RIGHT; }
static inline int arbor_curses_key_home(void) { return KEY_HOME; }
static inline int arbor_curses_key_end(void) { return KEY_END; }
static inline int arbor_curses_key_ppage(void) { return KEY_PPAGE; }
static inline int arbor_curses_key_npage(void) { return KEY_NPAGE; }
static inline int arbor_curses_key_btab(void) { return KEY_BTAB; }
static inline int arbor_curses_key_enter(void) { return KEY_ENTER; }
static inline int arbor_curses_key_backspace(void) { return KEY_BACKSPACE; }
static inline int arbor_curses_key_dc(void) { return KEY_DC; }
static inline int arbor_curses_key_ic(void) { return KEY_IC; }
static inline int arbor_curses_key_resize(void) { return KEY_RESIZE; }
static inline int arbor_curses_key_mouse(void) { return KEY_MOUSE; }
static inline int arbor_curses_key_f(int n) { return KEY_F(n); }

/// The attribute bits for the four attributes TerminalKit knows.
static inline attr_t arbor_curses_attributes(bool bold, bool dim, bool underline, bool reverse) {
    attr_t a = WA_NORMAL;
    if (bold) a |= WA_BOLD;
    if (dim) a |= WA_DIM;
    if (underline) a |= WA_UNDERLINE;
    if (reverse) a |= WA_REVERSE;
    return a;
}
static inline bool arbor_curses_has_bold(attr_t a) { return (a & WA_BOLD) != 0; }
static inline bool arbor_curses_has_dim(attr_t a) { return (a & WA_DIM) != 0; }
static inline bool arbor_curses_has_underline(attr_t a) { return (a & WA_UNDERLINE) != 0; }
static inline bool arbor_curses_has_reverse(attr_t a) { return (a & WA_REVERSE) != 0; }

/// The tty's size from the kernel; returns -1 when `fd` is not a terminal or reports no size.
static inline int arbor_terminal_window_size(int fd, int *rows, int *cols) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0 || size.ws_row == 0 || size.ws_col == 0) return -1;
    *rows = size.ws_row;
    *cols = size.ws_col;
    return 0;
}

/// Sets a pty's size (tests use it to stand in for a person resizing the window).
static inline int arbor_terminal_set_window_size(int fd, int rows, int cols) {
    struct winsize size = {0};
    size.ws_row = (unsigned short)rows;
    size.ws_col = (unsigned short)cols;
    return ioctl(fd, TIOCSWINSZ, &size);
}

// MARK: cells

/// Writes one cell: `count` wide characters (a grapheme cluster, at most CCHARW_MAX) with attributes and pair.
static inline int arbor_curses_put_cell(WINDOW *win, int y, int x, const wchar_t *chars, int count,
                                        attr_t attrs, int pair) {
    wchar_t buffer[CCHARW_MAX + 1];
    int n = count < CCHARW_MAX ? count : CCHARW_MAX;
    for (int i = 0; i < n; i++) buffer[i] = chars[i];
    buffer[n] = 0;
    cchar_t cell;
    int p = pair;
    if (setcchar(&cell, buffer, attrs, (short)pair, &p) == ERR) return ERR;
    return mvwadd_wch(win, y, x, &cell);
}

/// Reads one cell back: fills `chars` (CCHARW_MAX + 1 slots, zero-terminated), attributes and pair.
static inline int arbor_curses_read_cell(WINDOW *win, int y, int x, wchar_t *chars, attr_t *attrs, int *pair) {
    cchar_t cell;
    if (mvwin_wch(win, y, x, &cell) == ERR) return ERR;
    short shortPair = 0;
    int extendedPair = 0;
    if (getcchar(&cell, chars, attrs, &shortPair, &extendedPair) == ERR) return ERR;
    *pair = extendedPair != 0 ? extendedPair : shortPair;
    return OK;
}

// MARK: mouse

/// What a mouse report means, reduced to what TerminalKit reports.
typedef enum {
    ARBOR_MOUSE_OTHER = 0,
    ARBOR_MOUSE_PRESS_LEFT,
    ARBOR_MOUSE_PRESS_MIDDLE,
    ARBOR_MOUSE_PRESS_RIGHT,
    ARBOR_MOUSE_WHEEL_UP,
    ARBOR_MOUSE_WHEEL_DOWN,
} arbor_mouse_kind;

static inline mmask_t arbor_curses_mouse_mask(void) {
    return BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON2_PRESSED | BUTTON2_CLICKED | BUTTON3_PRESSED
        | BUTTON3_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED;
}

/// Reads the pending mouse event; returns ERR when there is none.
static inline int arbor_curses_get_mouse(int *x, int *y, arbor_mouse_kind *kind) {
    MEVENT event;
    if (getmouse(&event) != OK) return ERR;
    *x = event.x;
    *y = event.y;
    mmask_t s = event.bstate;
    if (s & BUTTON4_PRESSED) *kind = ARBOR_MOUSE_WHEEL_UP;
    else if (s & BUTTON5_PRESSED) *kind = ARBOR_MOUSE_WHEEL_DOWN;
    else if (s & (BUTTON1_PRESSED | BUTTON1_CLICKED)) *kind = ARBOR_MOUSE_PRESS_LEFT;
    else if (s & (BUTTON2_PRESSED | BUTTON2_CLICKED)) *kind = ARBOR_MOUSE_PRESS_MIDDLE;
    else if (s & (BUTTON3_PRESSED | BUTTON3_CLICKED)) *kind = ARBOR_MOUSE_PRESS_RIGHT;
    else *kind = ARBOR_MOUSE_OTHER;
    return OK;
}

// MARK: restoring the terminal from signal handlers (shim.c)

/// Remembers the tty's termios and the pipe a signal should be reported on, and installs handlers:
/// SIGINT/SIGTERM/SIGHUP/SIGWINCH write one byte ('I', 'T', 'H', 'R') to `signal_fd`; a second SIGINT or SIGTERM
/// before the first was taken restores the terminal and exits; SIGABRT/SIGSEGV/SIGILL/SIGTRAP/SIGBUS/SIGFPE restore
/// the terminal and then let the previous handler (or the default action) run. Returns 0, or -1 if `tty_fd` is not
/// a terminal (then nothing is installed).
int arbor_terminal_guard_install(int tty_fd, int output_fd, int signal_fd);

/// Marks a reported SIGINT/SIGTERM as taken by the UI thread, so a later one is again delivered as a byte.
void arbor_terminal_guard_acknowledge(void);

/// Puts the previous signal handlers back and forgets the saved state; after this no handler touches the tty.
void arbor_terminal_guard_remove(void);

/// Restores the saved termios and writes the mode-reset sequence (async-signal-safe). No-op when not installed.
void arbor_terminal_guard_restore(void);

/// Opens a pseudo-terminal pair (master and slave descriptors); returns -1 on failure. For tests that type at the
/// backend as a person would.
int arbor_pty_open(int *master, int *slave);

// MARK: a child in the foreground of the terminal (foreground.c)

/// Prepares this process to wait for a child that owns the terminal, as a shell waits for a foreground command:
/// SIGINT and SIGQUIT are ignored here (the terminal sends them to the child too), and SIGTERM and SIGHUP are
/// remembered and passed on to the child once ``arbor_foreground_child`` names it. Call before starting the child.
void arbor_foreground_begin(void);

/// Names the child (its pid) that signals are passed on to; one that arrived before is passed on now. An `int`, not
/// `pid_t`: sys/types.h here would bring `fd_set` into this module under X/Open's member names, which clashes with
/// Foundation's.
void arbor_foreground_child(int child);

/// Puts the previous handlers back. Returns the SIGTERM or SIGHUP that was passed on to the child, or 0 if none.
int arbor_foreground_end(void);

#endif
