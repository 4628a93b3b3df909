from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from accounts.forms import ProfileForm
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
