import pytest

from waymark.partners.first_responders import first_responder_listing, is_public_authority_kind, normalise_name


@pytest.mark.parametrize(
    ("typed", "listed"),
    [
        ("Salvation Army", "The Salvation Army"),
        ("the salvation army", "The Salvation Army"),
        ("Devon and Cornwall Police", "Devon & Cornwall Police"),
        ("Barnardos", "Barnardo's"),
        ("Barnardo’s", "Barnardo's"),
        ("Medaille Trust Ltd", None),
        ("Northshire Police", None),
    ],
)
def test_names_match_the_home_office_list(typed, listed):
    assert first_responder_listing(typed) == listed


def test_normalising_ignores_case_accents_and_punctuation():
    assert normalise_name("  The  Médaille-Trust ") == "medaille trust"


def test_police_and_councils_are_under_the_duty_to_notify():
    assert is_public_authority_kind("police_force")
    assert is_public_authority_kind("local_authority")
    assert not is_public_authority_kind("charity")
