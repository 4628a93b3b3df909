from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.forms import AccountCloseForm, ProfileForm
from accounts.personal_data import account_close, personal_data_zip
from hubs_portal.downloads import attachment
from schools.selectors import schools_search


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile has been saved.")
        return redirect("accounts:profile")
    # The school picker without JavaScript: a search (GET) whose results are radio buttons in the form.
    query = request.GET.get("q", "").strip()
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "school_query": query,
            "school_results": schools_search(query=query) if query else [],
            "current_school": request.user.school,
        },
    )


@login_required
def your_data(request):
    """What the portal holds about you, the download, and closing the account."""
    return render(request, "accounts/your_data.html", {"close_form": AccountCloseForm(user=request.user)})


@login_required
def your_data_download(request):
    body = personal_data_zip(user=request.user)
    response = HttpResponse(body, content_type="application/zip")
    return attachment(response, f"maths-hubs-portal-your-data-{timezone.localdate():%Y-%m-%d}.zip")


@login_required
def account_close_view(request):
    form = AccountCloseForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        account_close(user=request.user)
        logout(request)
        messages.success(request, "Your account is closed and your personal details have been removed.")
        return redirect("home")
    return render(request, "accounts/account_close.html", {"close_form": form})
