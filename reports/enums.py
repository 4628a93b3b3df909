from django.db import models


class QuestionKind(models.TextChoices):
    YES_NO = "yes_no", "Yes or no"
    SCALE = "scale", "Scale of 1 (low) to 5 (high)"
    TEXT = "text", "Free text"


# The one question every year's survey asks, whatever NCETM staff add: the network's "98%" figure.
POSITIVE_IMPACT_QUESTION = "Has the Teaching for Mastery programme had a positive impact on your school?"
