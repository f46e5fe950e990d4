#define _XOPEN_SOURCE_EXTENDED 1
#include <ncursesw/ncurses.h>
#include <locale.h>
#include <langinfo.h>
#include <string.h>
#include <wchar.h>

/* Wrappers for what Swift cannot import: function-like macros, macros over functions
   (COLORS, COLOR_PAIRS), and calls that need the `stdscr` global. */

/* Starts ncurses on stdin/stdout; unlike initscr, returns 0 instead of exiting on failure. */
static inline int kw_start(void) { return newterm(NULL, stdout, stdin) != NULL; }

/* Whether the terminal can move the cursor (terminfo `cup`): without it (TERM=dumb) nothing can be drawn. */
static inline int kw_can_address_cursor(void) {
    char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}

static inline int kw_colors(void) { return COLORS; }
static inline int kw_color_pairs(void) { return COLOR_PAIRS; }
static inline int kw_width(void) { return getmaxx(stdscr); }
static inline int kw_height(void) { return getmaxy(stdscr); }
static inline int kw_keypad(int on) { return keypad(stdscr, on ? TRUE : FALSE); }
static inline int kw_key_code_yes(void) { return KEY_CODE_YES; }
static inline int kw_key_up(void) { return KEY_UP; }
static inline int kw_key_down(void) { return KEY_DOWN; }
static inline int kw_key_enter(void) { return KEY_ENTER; }
static inline int kw_key_btab(void) { return KEY_BTAB; }
static inline int kw_key_resize(void) { return KEY_RESIZE; }
static inline int kw_key_mouse(void) { return KEY_MOUSE; }
static inline int kw_key_backspace(void) { return KEY_BACKSPACE; }
static inline int kw_key_f0(void) { return KEY_F0; }

/* Left-button presses and clicks only: mouse motion is not reported. */
static inline mmask_t kw_button1_mask(void) { return BUTTON1_PRESSED | BUTTON1_CLICKED; }

/* Reads a pending mouse event; returns 1 with the cell of a left click. */
static inline int kw_read_click(int *x, int *y) {
    MEVENT event;
    if (getmouse(&event) != OK) return 0;
    if (!(event.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))) return 0;
    *x = event.x;
    *y = event.y;
    return 1;
}

/* Whether the current locale encodes text as UTF-8 (braille and box drawing need it). */
static inline int kw_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

enum { KW_BOLD = 1, KW_REVERSE = 2 };

/* Draws one cell. `pair` may exceed 32767: setcchar takes extended pairs through its opts pointer. */
static inline int kw_put_cell(int y, int x, unsigned int scalar, int pair, int flags) {
    wchar_t text[2] = { (wchar_t)scalar, 0 };
    attr_t attrs = A_NORMAL;
    if (flags & KW_BOLD) attrs |= A_BOLD;
    if (flags & KW_REVERSE) attrs |= A_REVERSE;
    cchar_t cell;
    int extended_pair = pair;
    if (setcchar(&cell, text, attrs, 0, &extended_pair) != OK) return ERR;
    return mvadd_wch(y, x, &cell);
}
