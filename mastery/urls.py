from django.urls import path

from mastery.views import calendar, open_lessons, schools

app_name = "mastery"

urlpatterns = [
    path("open-lessons/", open_lessons.open_lesson_list, name="open_lessons"),
    path("open-lessons/<int:pk>/", open_lessons.open_lesson_detail, name="open_lesson"),
    path("open-lessons/<int:pk>/book/", open_lessons.open_lesson_book, name="open_lesson_book"),
    path("open-lessons/<int:pk>/cancel/", open_lessons.open_lesson_cancel, name="open_lesson_cancel"),
    path("open-lessons/bookings/<int:pk>/cancel/", open_lessons.booking_cancel, name="booking_cancel"),
    path("hubs/<slug:slug>/open-lessons/new/", open_lessons.open_lesson_create, name="open_lesson_create"),
    path("hubs/<slug:slug>/calendar/", calendar.hub_calendar, name="hub_calendar"),
    path("hubs/<slug:slug>/schools/<int:urn>/", schools.school_page, name="hub_school"),
    path("hubs/<slug:slug>/schools/<int:urn>/stage/", schools.school_stage, name="hub_school_stage"),
]
