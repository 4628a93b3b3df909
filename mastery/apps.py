from django.apps import AppConfig


class MasteryConfig(AppConfig):
    name = "mastery"
    verbose_name = "Mastery Specialists"

    def ready(self):
        # Open lessons join people's calendar feeds through the Work Groups' feed registry, so that app never
        # imports this one (the import is here because models must be loaded first).
        from mastery.calendars import open_lesson_feed_events  # noqa: PLC0415
        from workgroups.calendars import calendar_feed_source  # noqa: PLC0415

        calendar_feed_source(open_lesson_feed_events)
