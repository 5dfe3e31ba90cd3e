from __future__ import annotations

from rest_framework import serializers

from waymark.core.models import AuditEntry
from waymark.partners.models import Membership, Organisation, Partnership


class MembershipSerializer(serializers.ModelSerializer):
    partnership = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Membership
        fields = ["partnership", "kind", "since", "until"]


class OrganisationSerializer(serializers.ModelSerializer):
    memberships = MembershipSerializer(many=True, read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "kind",
            "is_first_responder",
            "is_public_authority",
            "email",
            "phone",
            "address",
            "website",
            "is_active",
            "memberships",
        ]


class PartnershipSerializer(serializers.ModelSerializer):
    local_authority_areas = serializers.StringRelatedField(many=True)
    police_force_area = serializers.StringRelatedField()

    class Meta:
        model = Partnership
        fields = [
            "id",
            "name",
            "nation",
            "parent",
            "local_authority_areas",
            "police_force_area",
            "childrens_social_care_front_door",
            "adult_safeguarding_contact",
            "police_single_point_of_contact",
            "ictg_service_operates",
            "local_support_service",
        ]


class WhoAmISerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["user", "service_account"])
    name = serializers.CharField()
    organisation = serializers.CharField(allow_null=True)
    scopes = serializers.ListField(child=serializers.CharField())


class AuditEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEntry
        fields = [
            "sequence",
            "at",
            "user_email",
            "organisation_name",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "path",
            "entry_hash",
        ]
