"""Learning m and u from a partnership's own people, without being told who is who."""

from __future__ import annotations

import random
from datetime import date, timedelta

from waymark.people.matching import facts
from waymark.people.normalise import BirthDate
from waymark.people.training import estimate_levels

GIVEN = ["Arben", "Elira", "Tomasz", "Anna", "Mohammed", "Fatima", "Yonas", "Selam", "Nam", "Hoa", "Ion", "Maria"]
FAMILY = ["Hoxha", "Krasniqi", "Nowak", "Kowalski", "Osman", "Hassan", "Tekle", "Haile", "Nguyen", "Tran", "Popescu"]
DISTRICTS = ["E1", "E2", "N7", "B21", "M14", "LS6", "G3", "CF24"]


def population(seed: int = 7, people: int = 3_000):
    """People and, for a third of them, a second record with one slip: a typo, a swapped date, a
    new postcode."""
    rng = random.Random(seed)
    records = []
    for _ in range(people):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY) + rng.choice(["", "i", "a", "aj", "son"])
        born = date(1960, 1, 1) + timedelta(days=rng.randrange(20_000))
        postcode = f"{rng.choice(DISTRICTS)} {rng.randrange(10)}{rng.choice('ABDEF')}{rng.choice('GHJLN')}"
        records.append(facts(given_name=given, family_name=family, birth=BirthDate.exact(born), postcode=postcode))
        if rng.random() < 0.33:
            slip = rng.randrange(3)
            if slip == 0:
                family = family[:-1] + "x" if len(family) > 3 else family
            elif slip == 1 and born.day <= 12:
                born = date(born.year, born.day, born.month)
            else:
                postcode = f"{rng.choice(DISTRICTS)} 1AB"
            records.append(facts(given_name=given, family_name=family, birth=BirthDate.exact(born), postcode=postcode))
    return records


def test_levels_learnt_without_labels_tell_matches_from_strangers():
    levels = estimate_levels(population(), random_pairs=20_000, pairs=20_000)

    name_same_m, name_same_u = levels["name"]["same"]
    assert name_same_m > 0.5 and name_same_u < 0.2
    birth_same_m, birth_same_u = levels["birth"]["same"]
    assert birth_same_m > 0.5 and birth_same_u < 0.001
    assert levels["birth"]["different"][0] < 0.1  # a record of the same person rarely has another date
    assert levels["postcode"]["same"][0] > 0.4
    # What this population holds, unlike the defaults: no respelt names, many swapped dates, and a
    # small pool of names that strangers share often.
    assert levels["name"]["variant"][0] < 0.05
    assert levels["birth"]["swapped"][0] > 0.05
    assert name_same_u > 0.01
    for field in ("name", "birth", "postcode"):
        assert abs(sum(m for m, _ in levels[field].values()) - 1) < 1e-6
        assert abs(sum(u for _, u in levels[field].values()) - 1) < 1e-6
