"""URLs for the public report journey (see views_public.py): no sign-in."""

app_name = "public"

urlpatterns: list = []
