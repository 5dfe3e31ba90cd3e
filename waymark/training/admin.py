"""Admin for support staff. Evidence and material files are left out: they live in private storage
and are served only through access-checked views, so the admin has no address to link them to."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AwarenessEvent,
    AwarenessMaterial,
    Booking,
    Cohort,
    Completion,
    Course,
    CourseSession,
    StaffMember,
    TrainingLevel,
)


@admin.register(TrainingLevel)
class TrainingLevelAdmin(SimpleHistoryAdmin):
    list_display = ["number", "name", "partnership", "is_standalone"]
    list_filter = ["partnership"]


@admin.register(Cohort)
class CohortAdmin(SimpleHistoryAdmin):
    list_display = ["name", "partnership", "required_level", "refresh_months", "is_elected_members", "is_active"]
    list_filter = ["partnership", "is_active"]
    search_fields = ["name"]


@admin.register(StaffMember)
class StaffMemberAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "job_title", "organisation", "partnership", "cohort", "leaving_date"]
    list_filter = ["partnership", "organisation", "cohort"]
    search_fields = ["full_name", "reference", "email"]
    raw_id_fields = ["user"]


@admin.register(Course)
class CourseAdmin(SimpleHistoryAdmin):
    list_display = ["title", "partnership", "provider_organisation", "external_provider", "format", "is_active"]
    list_filter = ["partnership", "format", "is_active"]
    search_fields = ["title"]


class BookingInline(admin.TabularInline):
    model = Booking
    extra = 0
    raw_id_fields = ["staff_member", "booked_by"]


@admin.register(CourseSession)
class CourseSessionAdmin(SimpleHistoryAdmin):
    list_display = ["course", "starts_at", "capacity", "status", "trainer_organisation"]
    list_filter = ["status", "course__partnership"]
    date_hierarchy = "starts_at"
    inlines = [BookingInline]


@admin.register(Completion)
class CompletionAdmin(SimpleHistoryAdmin):
    list_display = ["staff_member", "course", "completed_on", "expires_on", "source"]
    list_filter = ["source", "staff_member__partnership"]
    exclude = ["evidence"]
    raw_id_fields = ["staff_member", "booking", "recorded_by"]


@admin.register(AwarenessEvent)
class AwarenessEventAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "held_on", "reach", "partnership"]
    list_filter = ["kind", "partnership"]


@admin.register(AwarenessMaterial)
class AwarenessMaterialAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "edition", "review_date", "is_current", "partnership"]
    list_filter = ["kind", "is_current", "partnership"]
    exclude = ["file"]
