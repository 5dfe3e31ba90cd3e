from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Area, Membership, Organisation, Partnership, RoleAssignment


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "is_first_responder", "is_public_authority", "is_active"]
    list_filter = ["kind", "is_first_responder", "is_public_authority", "is_active"]
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ["name", "nation", "parent"]
    search_fields = ["name"]
    filter_horizontal = ["local_authority_areas"]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "nation"]
    list_filter = ["kind", "nation"]
    search_fields = ["name"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "partnership", "role", "assigned_at"]
    list_filter = ["role", "partnership"]
    search_fields = ["user__email", "user__full_name"]
