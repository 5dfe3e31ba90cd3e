from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import DecisionReport, Fund, FundingSettings, Grant, PerformanceReturn, StrategicPriority


@admin.register(Fund)
class FundAdmin(SimpleHistoryAdmin):
    list_display = ["name", "start_year", "partnership", "owner"]
    list_filter = ["start_year"]


@admin.register(Grant)
class GrantAdmin(SimpleHistoryAdmin):
    list_display = ["title", "recipient", "fund", "amount", "status"]
    list_filter = ["status"]


@admin.register(DecisionReport)
class DecisionReportAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "title", "state", "partnership"]
    list_filter = ["state"]


@admin.register(PerformanceReturn)
class PerformanceReturnAdmin(SimpleHistoryAdmin):
    list_display = ["grant", "period_start", "period_end", "due_on", "status"]
    list_filter = ["status"]


admin.site.register(FundingSettings, SimpleHistoryAdmin)
admin.site.register(StrategicPriority, SimpleHistoryAdmin)
