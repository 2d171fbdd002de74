from __future__ import annotations

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
