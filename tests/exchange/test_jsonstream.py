"""The streaming reader of large json documents (exchange.jsonstream) reads what json.loads
reads, however the document is laid out and wherever the file's windows cut it."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachcli.exchange.jsonstream import JsonStream, Malformed

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text() | st.decimals(allow_nan=False,
                                                                         allow_infinity=False),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=4),
    max_leaves=15,
)  # fmt: skip
documents = st.fixed_dictionaries(
    {"cases": st.lists(values, max_size=6)},
    optional={"format": st.text(max_size=5), "tombstones": st.lists(values, max_size=3),
              "filters": values},
)  # fmt: skip


def read(
    raw: bytes, limit: int = 1 << 20, chunk: int = 1 << 20
) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    """The header keys and the streamed arrays, as the reader yields them."""
    header: dict[str, Any] = {}
    arrays: dict[str, list[Any]] = {"cases": [], "tombstones": []}
    stream = JsonStream(io.BytesIO(raw), limit=limit, streamed=("cases", "tombstones"), chunk=chunk)
    for array, key, value, _line in stream.items():
        if array is None:
            header[key] = value
        else:
            arrays[array].append(value)
    return header, arrays


def to_text(value: Any) -> str:
    return json.dumps(value, default=str)


@settings(max_examples=200, deadline=None)
@given(document=documents, indent=st.sampled_from([None, 0, 1, 4]), chunk=st.integers(1, 64))
def test_any_layout_and_any_window_read_like_json_loads(
    document: dict[str, Any], indent: int | None, chunk: int
) -> None:
    text = json.dumps(document, indent=indent, default=float)
    expected = json.loads(text, parse_float=Decimal)
    header, arrays = read(text.encode(), chunk=chunk)  # small windows cut elements anywhere
    assert to_text(arrays["cases"]) == to_text(expected["cases"])
    assert to_text(arrays["tombstones"]) == to_text(expected.get("tombstones", []))
    assert to_text(header) == to_text(
        {k: v for k, v in expected.items() if k not in ("cases", "tombstones")}
    )


def test_a_number_cut_by_the_window_is_read_whole() -> None:
    _, arrays = read(b'{"cases": [12345, 0.125, 49.95]}', chunk=3)
    assert arrays["cases"] == [12345, Decimal("0.125"), Decimal("49.95")]


def test_lines_are_counted_for_errors() -> None:
    with pytest.raises(Malformed) as caught:
        read(b'{"cases": [\n{},\n{"a": tru}\n]}')
    assert (caught.value.line, caught.value.values["column"]) == (3, 7)


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        (b'{"cases": [' + b"[" * 10_000 + b"]" * 10_000 + b"]}", "json.too_deep"),
        (b'{"cases": ["' + b"a" * 5000 + b'"]}', "json.too_large"),
        (b'{"cases": [NaN]}', "json.invalid"),
        (b'{"cases": [1] x', "json.invalid"),
        (b'{"cases": ["caf\xe9"]}', "json.not_utf8"),
        (b"", "json.invalid"),
    ],
)
def test_what_is_not_a_bounded_json_document_is_malformed(raw: bytes, key: str) -> None:
    with pytest.raises(Malformed) as caught:
        read(raw, limit=4096)
    assert caught.value.key == key
