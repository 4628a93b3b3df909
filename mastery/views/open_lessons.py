"""Open lessons: the list a teacher books from, a lesson's page, booking and cancelling, planning one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hubs.models import Hub
from mastery import selectors, services
from mastery.enums import BookingStatus, OpenLessonStatus
from mastery.forms import OpenLessonCancelForm, OpenLessonForm
from mastery.models import OpenLessonBooking


def _add_errors(form, error: ValidationError) -> None:
    """A service's ValidationError on the form: per field where it names one the form has (times on the date)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    mapping = {"starts_at": "date", "ends_at": "end_time"}
    for name, errors in error.error_dict.items():
        name = mapping.get(name, name)
        for e in errors:
            form.add_error(name if name in form.fields else None, e)


@login_required
def open_lesson_list(request):
    bookable = selectors.open_lessons_bookable_by(user=request.user)
    return render(
        request,
        "mastery/open_lesson_list.html",
        {
            "bookable": bookable,
            "hub": Hub.objects.filter(pk=bookable.hub_id).first() if bookable.hub_id else None,
            "hosted": selectors.open_lessons_hosted_by(user=request.user),
            "planning_hubs": [
                hub
                for hub in Hub.objects.filter(mastery_specialists__user=request.user).distinct()
                if request.user.has_perm("mastery.plan_open_lesson", hub)
            ],
        },
    )


@login_required
def open_lesson_detail(request, pk):
    lesson = get_object_or_404(selectors.open_lessons_with_counts(), pk=pk)
    booking = selectors.teacher_booking_of(lesson=lesson, user=request.user)
    can_manage = request.user.has_perm("mastery.manage_open_lesson", lesson)
    return render(
        request,
        "mastery/open_lesson_detail.html",
        {
            "lesson": lesson,
            "booking": booking,
            "position": selectors.waitlist_position(booking=booking) if booking else None,
            "can_manage": can_manage,
            "bookings": selectors.open_lesson_bookings(lesson=lesson) if can_manage else None,
            "is_upcoming": lesson.status == OpenLessonStatus.SCHEDULED and lesson.starts_at > timezone.now(),
        },
    )


@login_required
@require_POST
def open_lesson_book(request, pk):
    lesson = get_object_or_404(selectors.open_lessons_with_counts(), pk=pk)
    try:
        booking = services.open_lesson_book(lesson=lesson, teacher=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if booking.status == BookingStatus.WAITLISTED:
            messages.warning(request, "The open lesson is full: you are on its waitlist, and we will e-mail you.")
        else:
            messages.success(request, "Your place is booked. It is in My CPD and your calendar feed.")
    return redirect("mastery:open_lesson", pk=lesson.pk)


@login_required
@require_POST
def booking_cancel(request, pk):
    booking = get_object_or_404(OpenLessonBooking, pk=pk, teacher=request.user)
    try:
        services.open_lesson_booking_cancel(booking=booking, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Your booking is cancelled.")
    return redirect("mastery:open_lesson", pk=booking.lesson_id)


@login_required
def open_lesson_create(request, slug):
    hub = get_object_or_404(Hub, slug=slug)
    if not request.user.has_perm("mastery.plan_open_lesson", hub):
        raise Http404("No hub here.")
    specialists = selectors.specialists_of_hub(hub=hub)
    if not request.user.has_perm("mastery.plan_open_lesson_for_others", hub):
        specialists = specialists.filter(user=request.user)
    form = OpenLessonForm(request.POST if request.method == "POST" else None, specialists=specialists)
    if request.method == "POST" and form.is_valid():
        try:
            lesson = services.open_lesson_create(actor=request.user, **form.service_values())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "The open lesson is planned: teachers of the hub's schools can book it now.")
            return redirect("mastery:open_lesson", pk=lesson.pk)
    return render(
        request,
        "mastery/open_lesson_form.html",
        {"hub": hub, "form": form, "no_specialists": not specialists.exists()},
    )


@login_required
def open_lesson_cancel(request, pk):
    lesson = get_object_or_404(selectors.open_lessons_with_counts(), pk=pk)
    if not request.user.has_perm("mastery.manage_open_lesson", lesson):
        raise Http404("No open lesson here.")
    form = OpenLessonCancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.open_lesson_cancel(lesson=lesson, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "The open lesson is cancelled; everyone who booked has been e-mailed.")
            return redirect(reverse("mastery:open_lesson", args=[lesson.pk]))
    return render(request, "mastery/open_lesson_cancel.html", {"lesson": lesson, "form": form})
