from django.urls import path

from schools import views

app_name = "schools"

urlpatterns = [
    path("import/", views.gias_import, name="import"),
    path("import/<int:pk>/", views.gias_import_run, name="import_run"),
    path("import/<int:pk>/status.json", views.gias_import_run_status, name="import_run_status"),
    path("import/<int:pk>/rejects.csv", views.gias_import_run_rejects, name="import_run_rejects"),
    path("search.json", views.school_search, name="search"),
]
