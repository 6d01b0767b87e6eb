"""A team's rating of a theme in one review, from the ratings its members shared.

Each member may rate each theme from -2 (strong barrier) to +2 (strong facilitator).
The team's rating is the median of the shared ratings, with a half (an even number of
ratings that straddle two values) rounded toward zero, so it never overstates a barrier
or a facilitator: ratings 1 and 2 give 1, -1 and -2 give -1, 0 and 1 give 0.
"""

from __future__ import annotations

from collections.abc import Iterable


def team_rating(ratings: Iterable[int]) -> int | None:
    """The median rating, halves rounded toward zero; None when nobody rated."""
    values = sorted(ratings)
    if not values:
        return None
    middle = len(values) // 2
    if len(values) % 2:
        return values[middle]
    twice = values[middle - 1] + values[middle]
    return int(twice / 2)
