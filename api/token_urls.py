from django.urls import path

from api.views import tokens

app_name = "api_tokens"

urlpatterns = [
    path("", tokens.token_list, name="list"),
    path("<int:pk>/revoke/", tokens.token_revoke, name="revoke"),
]
