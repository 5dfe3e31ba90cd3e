"""Re-importing a register adds no duplicates: who counts as the same member of staff."""

import pytest

from waymark.training.staff_identity import identity_key


def key(reference="", name="Anne-Marie O'Neil", job_title="Housing Officer"):
    return identity_key(reference=reference, full_name=name, job_title=job_title)


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        (key(), key(name="anne marie oneil", job_title="housing  officer"), True),
        (key(name="Zoë Brontë"), key(name="Zoe Bronte"), True),
        (key(), key(job_title="Senior Housing Officer"), False),
        (key(reference="HR 1234"), key(reference="hr1234", name="Anne O'Neil"), True),
        (key(reference="HR1234"), key(reference="HR1235"), False),
        (key(reference="HR1234"), key(), False),
    ],
    ids=[
        "case-punctuation-and-spacing-do-not-matter",
        "accents-do-not-matter",
        "a-different-job-is-a-different-person",
        "the-same-reference-is-the-same-person-whatever-the-name",
        "different-references-are-different-people",
        "a-reference-and-no-reference-are-not-matched-here",
    ],
)
def test_identity_key(first, second, same):
    assert (first == second) is same
