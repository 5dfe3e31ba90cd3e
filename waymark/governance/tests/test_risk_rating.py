import pytest

from waymark.governance.risk_rating import Band, band, rating, score


@pytest.mark.parametrize(
    ("likelihood", "impact", "expected_score", "expected_band"),
    [
        (1, 1, 1, Band.LOW),
        (2, 2, 4, Band.LOW),
        (1, 5, 5, Band.MEDIUM),
        (3, 3, 9, Band.MEDIUM),
        (2, 5, 10, Band.HIGH),
        (4, 4, 16, Band.HIGH),
        (4, 5, 20, Band.VERY_HIGH),
        (5, 5, 25, Band.VERY_HIGH),
    ],
)
def test_rating(likelihood, impact, expected_score, expected_band):
    assert rating(likelihood, impact) == (expected_score, expected_band)


def test_every_score_on_the_grid_has_a_band():
    assert {band(score(likelihood, impact)) for likelihood in range(1, 6) for impact in range(1, 6)} == set(Band)


@pytest.mark.parametrize(("likelihood", "impact"), [(0, 3), (6, 1), (3, -1)])
def test_outside_one_to_five_is_refused(likelihood, impact):
    with pytest.raises(ValueError):
        score(likelihood, impact)


def test_bands_read_as_words():
    assert Band.VERY_HIGH.label == "Very high"
