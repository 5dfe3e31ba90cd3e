from django.contrib import admin

from .models import ServiceToken


@admin.register(ServiceToken)
class ServiceTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "partnership", "created_at", "last_used_at", "revoked_at"]
    exclude = ["secret_hash"]
    readonly_fields = ["key_id", "created_at", "last_used_at"]
