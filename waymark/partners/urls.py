from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/add/", views.organisation_add, name="organisation-add"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation-edit"),
    path("partnerships/<int:pk>/", views.partnership_detail, name="partnership-detail"),
    path("partnerships/<int:pk>/settings/", views.partnership_edit, name="partnership-edit"),
    path("partnerships/<int:pk>/members/add/", views.membership_add, name="membership-add"),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership-end"),
    path("users/", views.user_list, name="user-list"),
    path("users/invite/", views.user_invite, name="user-invite"),
    path("users/<int:pk>/", views.user_detail, name="user-detail"),
    path("users/<int:pk>/roles/add/", views.role_add, name="role-add"),
    path("users/<int:pk>/deactivate/", views.user_deactivate, name="user-deactivate"),
    path("users/<int:pk>/reactivate/", views.user_reactivate, name="user-reactivate"),
    path("users/<int:pk>/two-factor/reset/", views.user_reset_two_factor, name="user-reset-two-factor"),
    path("users/<int:pk>/unlock/", views.user_unlock, name="user-unlock"),
    path("roles/<int:pk>/remove/", views.role_remove, name="role-remove"),
    path("invitations/<int:pk>/withdraw/", views.invitation_withdraw, name="invitation-withdraw"),
]
