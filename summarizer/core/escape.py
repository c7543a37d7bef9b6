"""Text from outside (file names, server messages) made safe to print on one line."""

from __future__ import annotations

import unicodedata


def printable(text: object) -> str:
    """`text` with control and format characters escaped (\\n, \\x1b, \\u202e), so it stays one honest line.

    A file name may hold a newline (forging a second log line), an escape sequence (recolouring the
    terminal) or a right-to-left override (showing another name); each is written out as its escape.
    """
    out = []
    for ch in str(text):
        if ch == " " or unicodedata.category(ch)[0] not in "CZ" or ch == "\u3000":
            out.append(ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x100:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else f"\\U{ord(ch):08x}")
    return "".join(out)
