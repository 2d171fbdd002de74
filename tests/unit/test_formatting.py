from __future__ import annotations

import sys

from hypothesis import given
from hypothesis import strategies as st

from explorer.core.base.formatting import format_count, safe_text


def test_escapes_terminal_sequences() -> None:
    hostile = "\x1b[31mred\x1b]52;c;ZXZpbA==\x07\x1b]8;;http://x\x1b\\link"
    shown = safe_text(hostile)
    assert "\x1b" not in shown and "\x07" not in shown
    assert "\\x1b[31mred" in shown


def test_newlines_and_tabs_stay_on_one_line() -> None:
    assert safe_text("a\nb\tc") == "a↵b⇥c"


def test_truncation() -> None:
    assert safe_text("abcdef", 4) == "abc…"
    assert safe_text("abc", 4) == "abc"


def test_counts() -> None:
    assert format_count(None) == "—"
    assert format_count(1234567) == "1,234,567"


@given(st.text())
def test_never_emits_control_characters(text: str) -> None:
    shown = safe_text(text)
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in shown)


def test_every_character_safe_text_escapes_is_unprintable() -> None:
    """safe_text skips its escaping for text Python finds printable: that must skip nothing."""
    from explorer.core.base.formatting import _CONTROL

    escaped = [chr(code) for code in range(sys.maxunicode + 1) if _CONTROL.match(chr(code))]
    assert len(escaped) > 2048 + 64  # the surrogates and the C0/C1 controls at least
    assert [char for char in escaped if char.isprintable()] == []
    assert safe_text("plain \u202e text") == "plain \\u202e text"
