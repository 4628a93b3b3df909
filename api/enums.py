from django.db import models


class TokenScope(models.TextChoices):
    READ = "read", "Read only"
    READ_WRITE = "read_write", "Read and write"


# How long a new token lasts, the choice offered on the tokens page (days → label).
TOKEN_LIFETIMES = {30: "30 days", 90: "90 days", 180: "6 months", 365: "1 year"}
