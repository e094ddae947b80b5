"""largest / smallest: the NaN-propagating reductions claim metrics use instead of Python's max / min."""

from __future__ import annotations

import math

import pytest

from thundeep.extremes import largest, smallest


@pytest.mark.parametrize("values", [[math.nan, 1.0, 2.0], [1.0, math.nan, 2.0], [1.0, 2.0, math.nan]])
def test_a_nan_anywhere_wins(values: list[float]) -> None:
    assert math.isnan(largest(values)) and math.isnan(smallest(iter(values)))


def test_python_max_would_have_skipped_it() -> None:
    assert max([1.0, math.nan]) == 1.0  # the behaviour these helpers exist to avoid


def test_plain_values() -> None:
    assert largest([3, 1.5, 2]) == 3.0 and smallest(x for x in (3, 1.5, 2)) == 1.5
