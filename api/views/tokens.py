"""The profile's "API tokens" page: make (the secret shown once), list and revoke one's own tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from api.forms import ApiTokenForm
from api.selectors import api_tokens_of
from api.services import api_token_create, api_token_revoke

# The new secret waits here between the POST that made it and the page that shows it, once.
SESSION_KEY = "api_token_secret"


@login_required
def token_list(request):
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            issued = api_token_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                form.add_error(None, error)
        else:
            request.session[SESSION_KEY] = {"id": issued.token.pk, "secret": issued.secret}
            return redirect("api_tokens:list")
    new = request.session.pop(SESSION_KEY, None)
    return render(
        request,
        "api/apitoken_list.html",
        {"form": form, "tokens": list(api_tokens_of(user=request.user)), "new": new, "now": timezone.now()},
    )


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(api_tokens_of(user=request.user), pk=pk)
    api_token_revoke(token=token)
    messages.success(request, f"The token “{token.name}” is revoked: it no longer works.")
    return redirect("api_tokens:list")
