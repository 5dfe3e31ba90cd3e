"""Admin for support staff. Documents are left out: they live in private storage and are served only
through access-checked views, so the admin has no address to link them to."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ActionPlan,
    Agreement,
    AgreementParty,
    Briefing,
    Group,
    GroupMember,
    Meeting,
    MeetingAction,
    Minutes,
    PlanAction,
    Priority,
    Representative,
    Risk,
)


class GroupMemberInline(admin.TabularInline):
    model = GroupMember
    extra = 0


class RepresentativeInline(admin.TabularInline):
    model = Representative
    extra = 0


@admin.register(Group)
class GroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "partnership", "kind", "frequency", "reports_to", "is_active"]
    list_filter = ["kind", "frequency", "is_active", "partnership"]
    search_fields = ["name"]
    exclude = ["terms_of_reference_document"]
    inlines = [GroupMemberInline]


@admin.register(GroupMember)
class GroupMemberAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "group", "joined_on", "left_on"]
    list_filter = ["group__partnership"]
    inlines = [RepresentativeInline]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["group", "starts_at", "status", "chair_organisation", "minute_taker_organisation"]
    list_filter = ["status", "group__partnership"]
    date_hierarchy = "starts_at"


@admin.register(Minutes)
class MinutesAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "status", "approved_at", "shared_at"]
    list_filter = ["status"]


@admin.register(MeetingAction)
class MeetingActionAdmin(SimpleHistoryAdmin):
    list_display = ["description", "owner_organisation", "due_date", "status"]
    list_filter = ["status"]


class PriorityInline(admin.TabularInline):
    model = Priority
    extra = 0


@admin.register(ActionPlan)
class ActionPlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "partnership", "period_start", "period_end", "status"]
    list_filter = ["status", "partnership"]
    inlines = [PriorityInline]


@admin.register(PlanAction)
class PlanActionAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "description", "lead_organisation", "estimated_completion", "is_ongoing", "rag"]
    list_filter = ["rag", "priority__plan"]


@admin.register(Risk)
class RiskAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "partnership", "kind", "category", "likelihood", "impact", "status", "review_date"]
    list_filter = ["kind", "category", "status", "partnership"]


class AgreementPartyInline(admin.TabularInline):
    model = AgreementParty
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "partnership", "kind", "start_date", "end_date", "review_date"]
    list_filter = ["kind", "partnership"]
    exclude = ["document"]
    inlines = [AgreementPartyInline]


@admin.register(Briefing)
class BriefingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "partnership", "month", "status", "sent_at", "recipients_count"]
    list_filter = ["status", "partnership"]
