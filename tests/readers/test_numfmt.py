"""Excel number formats: a spreadsheet value shown as Excel shows it."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.readers._numfmt import BUILTIN, _digits, format_value, general

CASES = [
    (1, "0%", "100%"),
    (0.955, "0.00%", "95.50%"),
    (0.125, "0.0%", "12.5%"),
    (1585, "0.00", "1585.00"),
    (1.005, "0.00", "1.01"),  # decimal half-up, as Excel shows, not binary half-even
    (1234567.891, "#,##0.00", "1,234,567.89"),
    (1234567, '#,##0,"千"', "1,235千"),
    (0.5, "#,##0.0,", "0.0"),
    (12345.678, '"¥"#,##0.00', "¥12,345.68"),
    (50, '0"万元"', "50万元"),
    (7, "000", "007"),
    (2.5, "#.##", "2.5"),
    (0.5, "#.00", ".50"),
    (-5, "0.00;[Red]-0.00", "-5.00"),
    (-5, "0.00;[Red]\\(0.00\\)", "(5.00)"),
    (0, '#,##0.00;-#,##0.00;"-"', "-"),
    (-0.4, "0", "-0"),
    (1234.5, "0.00E+00", "1.23E+03"),
    (12.0, "General", "12"),
    (0.1 + 0.2, "General", "0.3"),
    (1e-7, "General", "1E-07"),
    (12, "[$-804]General", "12"),
    (1, "[DBNum1][$-804]General", "1"),
    (5, 'General"个"', "5个"),
    (3.0, "@", "3"),
    ("abc", '@"元"', "abc元"),
    (True, "General", "TRUE"),
    (dt.date(2025, 3, 1), "yyyy-mm-dd", "2025-03-01"),
    (dt.datetime(2025, 3, 1, 13, 5), 'yyyy"年"m"月"d"日"', "2025年3月1日"),
    (dt.datetime(2025, 3, 1, 13, 5), "yyyy/m/d h:mm", "2025/3/1 13:05"),
    (dt.time(13, 5), "h:mm", "13:05"),
    (dt.timedelta(hours=30, minutes=5), "[h]:mm:ss", "30:05:00"),
    (45717, "yyyy/m/d", "2025/3/1"),  # a serial number under a date format
    (45717.5451388, '上午/下午h"时"mm"分"', "下午1时05分"),
    (45717.25, "h:mm AM/PM", "6:00 AM"),
    (45717, "d-mmm-yy", "1-Mar-25"),
]


@pytest.mark.parametrize(("value", "code", "shown"), CASES)
def test_format_value(value, code, shown):
    assert format_value(value, code) == shown


def test_1904_date_system():
    assert format_value(0, "yyyy-mm-dd", date1904=True) == "1904-01-01"
    assert format_value(61, "yyyy-mm-dd") == "1900-03-01"


@pytest.mark.parametrize("code_id", sorted(BUILTIN))
def test_every_builtin_format_renders(code_id):
    for value in (45717.25, -3.5, 0, 1e12):
        text = format_value(value, BUILTIN[code_id])
        assert isinstance(text, str) and text


def test_general_of_large_and_odd_numbers():
    assert general(123456789012.0) == "123456789012"
    assert general(float("nan")) == "#NUM!"
    assert general(-2.5) == "-2.5"


@settings(max_examples=2000, deadline=None)
@given(
    st.one_of(
        st.floats(min_value=0, max_value=1e20, allow_nan=False, allow_infinity=False),
        st.integers(0, 10**9).map(lambda n: n / 100),  # amounts with cents
        st.sampled_from([0.0, 0.5, 1.005, 2.675, 0.125, 1e-7, 1e15, 1e16, 123456789.125]),
    ),
    st.integers(0, 4),
    st.integers(0, 1),
    st.integers(0, 2),
)
def test_digits_read_off_the_repr_are_the_rounded_ones(number, n_dec, pct, scale):
    """A number whose repr needs no rounding to ``n_dec`` decimals has its digits read off the repr;
    they are those of the half-up rounding of its decimal repr, which every other number gets."""
    quantum = Decimal(1).scaleb(-n_dec)
    value = Decimal(repr(number)) * Decimal(100) ** pct / Decimal(1000) ** scale
    whole, _, frac = f"{value.quantize(quantum, rounding=ROUND_HALF_UP):f}".partition(".")
    assert _digits(number, n_dec, pct, scale, quantum) == (whole, frac)
