from collections import Counter

import pytest

from waymark.governance.rota import ROLES, plan_rota


def counts(rota, role, organisations):
    held = Counter(getattr(assignment, role) for assignment in rota)
    return [held[org] for org in organisations]


@pytest.mark.parametrize("size", [1, 2, 3, 4, 5, 7, 12])
@pytest.mark.parametrize("cycles", [1, 2])
def test_over_a_cycle_each_organisation_holds_each_role_equally(size, cycles):
    organisations = [f"org{i}" for i in range(size)]
    rota = plan_rota(organisations, size * cycles)
    for role in ROLES:
        assert set(counts(rota, role, organisations)) == {cycles}, role


@pytest.mark.parametrize("size", [3, 4, 6, 9])
def test_at_any_point_no_organisation_is_more_than_one_turn_ahead(size):
    organisations = [f"org{i}" for i in range(size)]
    rota = plan_rota(organisations, size * 2 + 1)
    for meetings_so_far in range(1, len(rota) + 1):
        for role in ROLES:
            held = counts(rota[:meetings_so_far], role, organisations)
            assert max(held) - min(held) <= 1


@pytest.mark.parametrize("size", [3, 4, 8])
def test_with_three_or_more_no_organisation_takes_two_roles_at_a_meeting(size):
    rota = plan_rota([f"org{i}" for i in range(size)], size * 2)
    assert all(len({a.chair, a.minute_taker, a.host}) == 3 for a in rota)


def test_with_two_the_chair_does_not_take_the_minutes():
    rota = plan_rota(["council", "police"], 4)
    assert all(a.chair != a.minute_taker for a in rota)


@pytest.mark.parametrize(
    ("organisations", "past", "first"),
    [
        (["council", "police", "charity"], {}, ("council", "police", "charity")),
        (
            ["council", "police", "charity"],
            {"chair": {"council": 2, "police": 2}, "minute_taker": {"charity": 1}},
            ("charity", "council", "police"),
        ),
    ],
    ids=["a-new-group-starts-in-the-given-order", "past-turns-count"],
)
def test_who_goes_first(organisations, past, first):
    assignment = plan_rota(organisations, 1, past)[0]
    got = (assignment.chair, assignment.minute_taker, assignment.host)
    assert all(expected is None or expected == actual for expected, actual in zip(first, got, strict=True))


def test_the_same_inputs_give_the_same_rota():
    organisations = ["council", "police", "charity", "health", "opcc"]
    past = {"chair": {"police": 1}, "host": {"council": 2}}
    assert plan_rota(organisations, 10, past) == plan_rota(organisations, 10, past)


def test_a_newcomer_takes_a_role_at_every_meeting_until_it_has_caught_up():
    organisations = ["council", "police", "charity", "health"]
    past = {role: {"council": 3, "police": 3, "charity": 3} for role in ROLES}
    # Health needs 3 x (9 + m) / 4 turns in m meetings, one a meeting, to catch up: m = 27.
    rota = plan_rota(organisations, 27, past)
    assert all("health" in {a.chair, a.minute_taker, a.host} for a in rota)
    for role in ROLES:
        held = [
            past[role].get(org, 0) + n for org, n in zip(organisations, counts(rota, role, organisations), strict=True)
        ]
        assert max(held) - min(held) <= 1, role


def test_no_organisations_no_rota():
    assert plan_rota([], 3) == []


def test_an_organisation_listed_twice_is_refused():
    with pytest.raises(ValueError):
        plan_rota(["council", "council"], 1)
