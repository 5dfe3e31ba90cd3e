"""URLs for the NRM record of a case and the overdue decisions list (see views_nrm.py)."""

from django.urls import path

from . import views_nrm

urlpatterns = [
    path("cases/<int:pk>/nrm/", views_nrm.nrm_record, name="nrm"),
    path("cases/<int:pk>/nrm/referral/", views_nrm.record_referral, name="nrm-referral"),
    path("cases/<int:pk>/nrm/reasonable-grounds/", views_nrm.record_rg_decision, name="nrm-rg-decision"),
    path("cases/<int:pk>/nrm/conclusive-grounds/", views_nrm.record_cg_decision, name="nrm-cg-decision"),
    path("cases/<int:pk>/nrm/duty-to-notify/", views_nrm.record_duty_to_notify, name="nrm-duty-to-notify"),
    path("cases/<int:pk>/nrm/support/", views_nrm.record_support_referrals, name="nrm-support"),
    path(
        "cases/<int:pk>/nrm/reconsiderations/new/",
        views_nrm.request_reconsideration,
        name="nrm-reconsideration-add",
    ),
    path(
        "cases/<int:pk>/nrm/reconsiderations/<int:reconsideration_pk>/result/",
        views_nrm.record_reconsideration_result,
        name="nrm-reconsideration-result",
    ),
    path("nrm/overdue/", views_nrm.overdue, name="nrm-overdue"),
]
