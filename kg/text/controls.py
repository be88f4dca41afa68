"""Characters that are not text: control and format characters.

Two uses.  In labels (titles, names) they are dropped: bidi controls such as
U+202E would reorder what a reader sees, zero-width ones make two equal
labels differ.  In one-line messages (file names, reasons) they are shown
escaped, so a newline or an escape sequence in a file name cannot forge a
line or colour a terminal.
"""
from __future__ import annotations

import unicodedata

# Cc: C0/C1 controls; Cf: format (bidi controls, zero-width, soft hyphen, BOM);
# Zl/Zp: line and paragraph separators
_ESCAPED = {"Cc", "Cf", "Zl", "Zp"}


def invisible(c: str) -> bool:
    """A format character, or a control character that is not white space."""
    if c.isprintable():  # the common case, and cheap
        return False
    cat = unicodedata.category(c)
    return cat == "Cf" or (cat == "Cc" and not c.isspace())


def escaped(text: str) -> str:
    """``text`` on one line: control and format characters as ``\\n``, ``\\x1b``, ``\\u202e``."""
    if all(unicodedata.category(c) not in _ESCAPED for c in text):
        return text
    return "".join(_escape(c) if unicodedata.category(c) in _ESCAPED else c for c in text)


def quoted(name: str) -> str:
    """A file name fit for a one-line message: as is when plain, else quoted with escapes."""
    if name and name.strip() == name and escaped(name) == name and "'" not in name:
        return name
    return "'" + escaped(name.replace("\\", "\\\\").replace("'", "\\'")) + "'"


def _escape(c: str) -> str:
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(c) or (
        f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}")
