from django.urls import path

from accounts import audit_views

app_name = "audit"

urlpatterns = [
    path("", audit_views.audit_list, name="list"),
    path("entries.csv", audit_views.audit_csv, name="csv"),
]
