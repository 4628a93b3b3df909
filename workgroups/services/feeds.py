"""Personal calendar feeds (iCal) of teachers' sessions."""

from django.db import transaction

from workgroups.models import (
    CalendarFeed,
)


def calendar_feed_get_or_create(*, user) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_regenerate(*, user) -> CalendarFeed:
    """Give the user a new secret feed address; the old one stops working at once."""
    from workgroups.models.feeds import new_feed_token

    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token", "created_at"])
    return feed
