"""Training URLs for awareness events and the materials library, joined into waymark.training.urls.

Page names start with awareness- (awareness-event-list, awareness-material-list).
"""

from django.urls import path

from . import views_awareness

urlpatterns = [
    path("awareness/events/", views_awareness.event_list, name="awareness-event-list"),
    path("awareness/events/new/", views_awareness.event_add, name="awareness-event-add"),
    path("awareness/events/<int:pk>/", views_awareness.event_detail, name="awareness-event-detail"),
    path("awareness/events/<int:pk>/edit/", views_awareness.event_edit, name="awareness-event-edit"),
    path("awareness/materials/", views_awareness.material_list, name="awareness-material-list"),
    path("awareness/materials/new/", views_awareness.material_add, name="awareness-material-add"),
    path("awareness/materials/<int:pk>/", views_awareness.material_detail, name="awareness-material-detail"),
    path("awareness/materials/<int:pk>/edit/", views_awareness.material_edit, name="awareness-material-edit"),
    path(
        "awareness/materials/<int:pk>/new-version/",
        views_awareness.material_new_version,
        name="awareness-material-new-version",
    ),
    path("awareness/materials/<int:pk>/file/", views_awareness.material_file, name="awareness-material-file"),
]
