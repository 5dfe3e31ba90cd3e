"""URLs for the NRM referral pack (see views_pack.py)."""

from django.urls import path

from . import views_pack

urlpatterns = [
    path("cases/<int:pk>/nrm-pack/", views_pack.nrm_pack, name="nrm-pack"),
    path("cases/<int:pk>/nrm-pack.pdf", views_pack.nrm_pack_pdf, name="nrm-pack-pdf"),
    path("cases/<int:pk>/nrm-pack.json", views_pack.nrm_pack_json, name="nrm-pack-json"),
]
