#!/usr/bin/env python3
"""Render a terminal capture with ANSI escapes (``tmux capture-pane -e -p``) as a PNG.

Each character occupies one cell of a fixed grid. SGR attributes handled: reset, bold, dim,
reverse and their resets, 30-37/90-97/40-47/100-107, 38;5;N/48;5;N (xterm-256),
38;2;R;G;B/48;2;R;G;B (truecolor, also the colon forms) and 39/49 (defaults). Other escape
sequences are ignored, except OSC 4/104, which redefine/reset palette entries the way a
terminal would (ncurses does this for truecolor themes on terminals that can change colours).
``--palette-from`` reads those OSC sequences from a raw pty log (e.g. ``tmux pipe-pane``),
because a capture only records palette indices.

Box-drawing lines, block elements and braille dots are drawn as shapes so that they join up
across cells; every other character comes from the font (DejaVu Sans Mono by default, with
DejaVu Sans as the fallback for glyphs the monospace font lacks).

Example:
    tmux capture-pane -e -p -t demo | scripts/ansi2png.py -o shot.png --cols 120 --rows 40
"""
import argparse
import re
import sys

from PIL import Image, ImageDraw, ImageFont

FONT_DIR = "/usr/share/fonts/truetype/dejavu/"
# xterm's default 16 colours.
ANSI16 = ["#000000", "#cd0000", "#00cd00", "#cdcd00", "#0000ee", "#cd00cd", "#00cdcd", "#e5e5e5",
          "#7f7f7f", "#ff0000", "#00ff00", "#ffff00", "#5c5cff", "#ff00ff", "#00ffff", "#ffffff"]
TOKEN = re.compile(r"\x1b\[([0-9;:?<=>]*)([@-~])|\x1b\](.*?)(?:\x07|\x1b\\)|\x1b[@-_]|([^\x1b])", re.S)
OSC_COLOR = re.compile(r"\x1b\]((?:4;[^\x07\x1b]*)|104[^\x07\x1b]*)(?:\x07|\x1b\\)")


def hex_rgb(text):
    text = text.lstrip("#")
    return tuple(int(text[i:i + 2], 16) for i in (0, 2, 4))


def xterm_palette():
    pal = [hex_rgb(c) for c in ANSI16]
    steps = [0, 95, 135, 175, 215, 255]
    pal += [(steps[i // 36], steps[i // 6 % 6], steps[i % 6]) for i in range(216)]
    pal += [(8 + 10 * i,) * 3 for i in range(24)]
    return pal


def x11_rgb(spec):
    """Parse ``rgb:R/G/B`` (1-4 hex digits each) or ``#RRGGBB``; None if unknown."""
    if spec.startswith("rgb:"):
        parts = spec[4:].split("/")
        if len(parts) == 3 and all(parts):
            return tuple(int(p, 16) * 255 // (16 ** len(p) - 1) for p in parts)
    elif spec.startswith("#") and len(spec) == 7:
        return hex_rgb(spec)
    return None


def apply_osc(body, palette):
    """Apply an OSC 4 (set palette entries) or OSC 104 (reset) body to ``palette``."""
    fields = body.split(";")
    if fields[0] == "104":
        default = xterm_palette()
        for index in ([int(f) for f in fields[1:] if f.isdigit()] or range(256)):
            palette[index] = default[index]
    elif fields[0] == "4":
        for index, spec in zip(fields[1::2], fields[2::2]):
            rgb = x11_rgb(spec)
            if index.isdigit() and int(index) < 256 and rgb:
                palette[int(index)] = rgb


class Style:
    def __init__(self):
        self.reset()

    def reset(self):
        self.fg = self.bg = None  # None: terminal default; int: palette index; tuple: RGB
        self.bold = self.dim = self.reverse = False

    def key(self):
        return (self.fg, self.bg, self.bold, self.dim, self.reverse)

    def sgr(self, params):
        codes = params.split(";") if params else ["0"]
        i = 0
        while i < len(codes):
            code = codes[i]
            if ":" in code:  # 38:2::R:G:B or 38:5:N
                sub = code.split(":")
                if sub[0] in ("38", "48") and len(sub) > 2:
                    self._extended(int(sub[0]), sub[1:3] if sub[1] == "5" else ["2"] + sub[-3:])
                i += 1
                continue
            n = int(code or 0)
            if n in (38, 48):
                kind = codes[i + 1] if i + 1 < len(codes) else ""
                take = 3 if kind == "5" else 5 if kind == "2" else 2
                self._extended(n, codes[i + 1:i + take])
                i += take
                continue
            if n == 0:
                self.reset()
            elif n == 1:
                self.bold = True
            elif n == 2:
                self.dim = True
            elif n == 7:
                self.reverse = True
            elif n == 22:
                self.bold = self.dim = False
            elif n == 27:
                self.reverse = False
            elif 30 <= n <= 37:
                self.fg = n - 30
            elif 90 <= n <= 97:
                self.fg = n - 82
            elif 40 <= n <= 47:
                self.bg = n - 40
            elif 100 <= n <= 107:
                self.bg = n - 92
            elif n == 39:
                self.fg = None
            elif n == 49:
                self.bg = None
            i += 1

    def _extended(self, which, args):
        value = None
        try:
            if args[0] == "5":
                value = int(args[1]) % 256
            elif args[0] == "2":
                value = tuple(max(0, min(255, int(a or 0))) for a in args[1:4])
        except (IndexError, ValueError):
            return
        if value is not None and (not isinstance(value, tuple) or len(value) == 3):
            if which == 38:
                self.fg = value
            else:
                self.bg = value


def parse(text, palette):
    """Return rows of (char, style key) cells; OSC 4/104 update ``palette`` in place."""
    rows, row, style = [], [], Style()
    for m in TOKEN.finditer(text):
        csi_params, csi_final, osc, char = m.group(1), m.group(2), m.group(3), m.group(4)
        if csi_final == "m":
            style.sgr(csi_params)
        elif osc is not None:
            apply_osc(osc, palette)
        elif char == "\n":
            rows.append(row)
            row = []
        elif char is not None and char not in "\r\x07" and (char >= " " or char == "\t"):
            for c in ("    " if char == "\t" else char):
                row.append((c, style.key()))
    if row:
        rows.append(row)
    return rows


class Renderer:
    def __init__(self, args, palette):
        self.font = ImageFont.truetype(args.font, args.size)
        self.bold_font = ImageFont.truetype(args.bold_font, args.size)
        self.fallback = ImageFont.truetype(args.fallback_font, args.size)
        self.palette = palette
        self.default_fg, self.default_bg = hex_rgb(args.fg), hex_rgb(args.bg)
        self.bold_is_bright = args.bold_is_bright
        ascent, descent = self.font.getmetrics()
        self.cw = round(self.font.getlength("M"))
        self.ch = round((ascent + descent) * args.line_height)
        self.baseline = (self.ch - (ascent + descent)) // 2 + ascent
        self.missing = self.bitmap("\ue000")  # how the .notdef glyph looks
        self.glyph_font = {}
        self.shapes = {}

    def bitmap(self, char):
        img = Image.new("L", (2 * self.cw, 2 * self.ch))
        ImageDraw.Draw(img).text((0, 0), char, font=self.font, fill=255)
        return img.tobytes()

    def colour(self, value, default, bold=False):
        if value is None:
            return default
        if isinstance(value, tuple):
            return value
        if bold and self.bold_is_bright and value < 8:
            value += 8
        return self.palette[value]

    def cell_colours(self, key):
        fg, bg, bold, dim, reverse = key
        fg_rgb = self.colour(fg, self.default_fg, bold)
        bg_rgb = self.colour(bg, self.default_bg)
        if reverse:
            fg_rgb, bg_rgb = bg_rgb, fg_rgb
        if dim:
            fg_rgb = tuple((f + b) // 2 for f, b in zip(fg_rgb, bg_rgb))
        return fg_rgb, bg_rgb

    def font_for(self, char, bold):
        if char not in self.glyph_font:
            self.glyph_font[char] = self.bitmap(char) != self.missing
        if not self.glyph_font[char]:
            return self.fallback
        return self.bold_font if bold else self.font

    def render(self, rows, cols, nrows, padding):
        width, height = cols * self.cw + 2 * padding, nrows * self.ch + 2 * padding
        img = Image.new("RGB", (width, height), self.default_bg)
        draw = ImageDraw.Draw(img)
        for y, row in enumerate(rows[:nrows]):
            for x, (char, key) in enumerate(row[:cols]):
                fg, bg = self.cell_colours(key)
                left, top = padding + x * self.cw, padding + y * self.ch
                if bg != self.default_bg:
                    draw.rectangle([left, top, left + self.cw - 1, top + self.ch - 1], fill=bg)
                if char == " ":
                    continue
                mask = self.shape(char, key[2])
                if mask:
                    img.paste(fg, (left, top, left + self.cw, top + self.ch), mask)
                else:
                    font = self.font_for(char, key[2])
                    draw.text((left, top + self.baseline), char, font=font, fill=fg, anchor="ls")
        return img

    def shape(self, char, bold):
        """A cell-sized mask for box-drawing, block and braille characters (None for others).

        They are drawn as geometry, 4x oversampled, so that lines join across cells."""
        if (char, bold) not in self.shapes:
            s, cw, ch = 4, self.cw, self.ch
            big = Image.new("L", (cw * s, ch * s))
            drawn = self.draw_shape(ImageDraw.Draw(big), char, s, bold)
            self.shapes[char, bold] = big.resize((cw, ch), Image.BOX) if drawn else None
        return self.shapes[char, bold]

    def draw_shape(self, draw, char, s, bold):
        """Draw ``char`` in white on a cell scaled by ``s``; False if it is not a shape."""
        code, cw, ch = ord(char), self.cw, self.ch
        full_w, full_h = cw * s, ch * s

        def rect(x0, y0, x1, y1):  # pixel coordinates of the unscaled cell, end exclusive
            draw.rectangle([x0 * s, y0 * s, x1 * s - 1, y1 * s - 1], fill=255)

        if 0x2800 <= code <= 0x28FF:  # braille: dots 1-8 in a 2x4 grid
            order = [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (0, 3), (1, 3)]
            r = max(1.0, 0.7 * min(cw / 4, ch / 8)) * s
            for bit, (dx, dy) in enumerate(order):
                if (code - 0x2800) >> bit & 1:
                    cx, cy = full_w * (1 + 2 * dx) / 4, full_h * (1 + 2 * dy) / 8
                    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=255)
            return True
        if 0x2581 <= code <= 0x2588:  # lower one eighth .. full block
            rect(0, ch - round(ch * (code - 0x2580) / 8), cw, ch)
            return True
        if char in "▀▌▐":
            rect(*{"▀": (0, 0, cw, ch // 2), "▌": (0, 0, cw // 2, ch), "▐": (cw // 2, 0, cw, ch)}[char])
            return True
        if char not in BOX:
            return False
        thin = max(1, round(cw / 10)) + (1 if bold else 0)
        for arm, weight in zip("urdl", BOX[char]):
            if weight:
                w = thin * weight
                x0, y0 = cw // 2 - w // 2, ch // 2 - w // 2  # the centre lines' bands
                rect(*{"u": (x0, 0, x0 + w, y0 + w), "d": (x0, y0, x0 + w, ch),
                       "l": (0, y0, x0 + w, y0 + w), "r": (x0, y0, cw, y0 + w)}[arm])
        if char in "╭╮╰╯":  # quarter circle tangent to the centre lines' bands
            x0, y0 = cw // 2 - thin // 2, ch // 2 - thin // 2
            right, down = char in "╭╰", char in "╭╮"  # where the two arms go
            r = min(cw - x0 if right else x0 + thin, ch // 2) * s - 1
            cx = x0 * s + r if right else (x0 + thin) * s - 1 - r
            cy = y0 * s + r if down else (y0 + thin) * s - 1 - r
            start = {(True, True): 180, (False, True): 270, (True, False): 90, (False, False): 0}[right, down]
            draw.arc([cx - r, cy - r, cx + r, cy + r], start, start + 90, fill=255, width=thin * s)
            hx = (cx, full_w - 1) if right else (0, cx)
            vy = (cy, full_h - 1) if down else (0, cy)
            draw.rectangle([hx[0], y0 * s, hx[1], (y0 + thin) * s - 1], fill=255)
            draw.rectangle([x0 * s, vy[0], (x0 + thin) * s - 1, vy[1]], fill=255)
        return True


# Box drawing: the weight of each arm (up, right, down, left); 2 is heavy. The rounded corners
# have no straight arms; they are drawn as arcs.
BOX = {
    "─": (0, 1, 0, 1), "│": (1, 0, 1, 0), "━": (0, 2, 0, 2), "┃": (2, 0, 2, 0),
    "┌": (0, 1, 1, 0), "┐": (0, 0, 1, 1), "└": (1, 1, 0, 0), "┘": (1, 0, 0, 1),
    "┏": (0, 2, 2, 0), "┓": (0, 0, 2, 2), "┗": (2, 2, 0, 0), "┛": (2, 0, 0, 2),
    "├": (1, 1, 1, 0), "┤": (1, 0, 1, 1), "┬": (0, 1, 1, 1), "┴": (1, 1, 0, 1), "┼": (1, 1, 1, 1),
    "╴": (0, 0, 0, 1), "╵": (1, 0, 0, 0), "╶": (0, 1, 0, 0), "╷": (0, 0, 1, 0),
    "╭": (0, 0, 0, 0), "╮": (0, 0, 0, 0), "╰": (0, 0, 0, 0), "╯": (0, 0, 0, 0),
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("input", nargs="?", default="-", help="capture file (default: stdin)")
    ap.add_argument("-o", "--output", required=True, help="PNG file to write")
    ap.add_argument("--cols", type=int, help="grid width (default: longest line)")
    ap.add_argument("--rows", type=int, help="grid height (default: number of lines)")
    ap.add_argument("--fg", default="#d0d0d0", help="default foreground (default: %(default)s)")
    ap.add_argument("--bg", default="#1e1e1e", help="default background (default: %(default)s)")
    ap.add_argument("--size", type=int, default=16, help="font size in pixels (default: %(default)s)")
    ap.add_argument("--line-height", type=float, default=1.0, help="row height / font height")
    ap.add_argument("--padding", type=int, default=8, help="margin in pixels (default: %(default)s)")
    ap.add_argument("--font", default=FONT_DIR + "DejaVuSansMono.ttf")
    ap.add_argument("--bold-font", default=FONT_DIR + "DejaVuSansMono-Bold.ttf")
    ap.add_argument("--fallback-font", default=FONT_DIR + "DejaVuSans.ttf",
                    help="font for characters the main font lacks")
    ap.add_argument("--bold-is-bright", action="store_true", help="bold turns colours 0-7 into 8-15")
    ap.add_argument("--palette-from", metavar="RAW",
                    help="raw terminal output whose OSC 4/104 sequences redefine the palette")
    args = ap.parse_args()

    palette = xterm_palette()
    if args.palette_from:
        with open(args.palette_from, encoding="utf-8", errors="replace") as raw:
            for m in OSC_COLOR.finditer(raw.read()):
                apply_osc(m.group(1), palette)
    source = sys.stdin if args.input == "-" else open(args.input, encoding="utf-8", errors="replace")
    with source:
        rows = parse(source.read(), palette)
    while rows and not rows[-1] and args.rows is None:
        rows.pop()
    cols = args.cols or max((len(r) for r in rows), default=1)
    nrows = args.rows or len(rows)
    Renderer(args, palette).render(rows, cols, nrows, args.padding).save(args.output, optimize=True)


if __name__ == "__main__":
    main()
