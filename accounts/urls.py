from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("your-data/", views.your_data, name="your_data"),
    path("your-data/download.zip", views.your_data_download, name="your_data_download"),
    path("close/", views.account_close_view, name="close"),
]
