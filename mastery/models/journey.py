from django.conf import settings
from django.db import models

from hubs_portal.input_guard import refuse_direction_overrides
from workgroups.enums import JourneyStage


class SchoolJourneyOverride(models.Model):
    """A hub lead's record of a school's Teaching for Mastery stage, over the stage its Work Groups give (e.g. the
    school did its Development year before the portal kept records). ``stage`` NONE records "not started"."""

    school = models.OneToOneField("schools.School", on_delete=models.CASCADE, related_name="journey_override")
    stage = models.CharField(max_length=20, choices=JourneyStage.choices)
    reason = models.CharField(max_length=255, validators=[refuse_direction_overrides])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.school}: {self.get_stage_display()} (recorded)"
