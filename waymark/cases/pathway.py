"""Connects the pure pathway engine to the partnership: its local settings become the engine's."""

from __future__ import annotations

from waymark.partners.models import Partnership
from waymark.pathways import LocalSettings


def local_settings_for(partnership: Partnership | None) -> LocalSettings:
    if partnership is None:
        return LocalSettings()
    return LocalSettings(
        childrens_social_care=partnership.childrens_social_care_front_door,
        adult_safeguarding=partnership.adult_safeguarding_contact,
        police=partnership.police_single_point_of_contact,
        local_support_service=partnership.local_support_service,
    )
