import pytest

from waymark.governance.quoracy import quoracy

FIVE = ["council", "police", "health", "charity", "opcc"]


@pytest.mark.parametrize(
    ("members", "present", "quorum", "quorate", "required"),
    [
        (FIVE, ["council", "police", "health"], None, True, 3),
        (FIVE, ["council", "police"], None, False, 3),
        (FIVE[:4], ["council", "police"], None, False, 3),
        (FIVE[:4], ["council", "police", "health"], None, True, 3),
        (FIVE, ["council", "police"], 2, True, 2),
        (FIVE, ["council"], 2, False, 2),
        (FIVE, ["council", "council", "council"], 2, False, 2),
        (FIVE, ["council", "outsider", "visitor"], 2, False, 2),
        ([], [], None, False, 1),
        (["council"], ["council"], None, True, 1),
    ],
    ids=[
        "three-of-five-is-a-majority",
        "two-of-five-is-not",
        "half-is-not-more-than-half",
        "three-of-four-is",
        "a-set-quorum-of-two-is-met",
        "a-set-quorum-of-two-is-not-met-by-one",
        "three-representatives-of-one-organisation-count-once",
        "non-members-do-not-count",
        "a-group-with-no-members-is-never-quorate",
        "a-group-of-one",
    ],
)
def test_quoracy(members, present, quorum, quorate, required):
    result = quoracy(members, present, quorum)
    assert result.is_quorate is quorate
    assert result.required == required
