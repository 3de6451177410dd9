"""Text from the trail made safe for a terminal: control characters shown escaped, never obeyed.

User agents, user names, session names and error messages are chosen by whoever made the call. Printed
raw, an ESC sequence could retitle the window, clear the screen, hide lines or fake output, and a bidi
override could make text read other than it is. ``printable`` shows each such character as an escape
(``\\x1b``, ``\\u202e``); everything else, including every printable non-ASCII character, is kept.
JSON output needs none of this: ``json.dumps`` escapes control characters itself.
"""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls, and the Unicode characters that reorder or hide text: bidi embeddings,
# overrides and isolates, the directional marks, zero-width joiners and the BOM, line/paragraph separators.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str, *, keep_tabs: bool = False) -> str:
    """``text`` with every control, formatting or bidi character shown as an escape (one line)."""
    if keep_tabs:
        return "\t".join(_UNSAFE.sub(_escape, part) for part in text.split("\t"))
    return _UNSAFE.sub(_escape, text)
