"""URLs for the public register of published decisions (views_register; no sign-in; see urls.py)."""

from django.urls import path

from . import views_register as views

urlpatterns = [
    path("register/", views.register_list, name="register-list"),
    path("register/<int:pk>/", views.register_detail, name="register-detail"),
    path("register/<int:pk>/report.pdf", views.register_pdf, name="register-pdf"),
    path("register/appendices/<int:pk>/", views.register_appendix, name="register-appendix"),
]
