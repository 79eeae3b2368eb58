"""A person's secret calendar address: created on request, renewed to revoke the old one."""

from django.db import transaction

from essaim.core.audit import record

from ..models import CalendarFeed
from ..models.evaluation import new_feed_token


def calendar_feed_of(user) -> CalendarFeed | None:
    """The person's feed, or None until they ask for one."""
    return CalendarFeed.objects.filter(user=user).first()


@transaction.atomic
def renew_calendar_feed(*, user) -> CalendarFeed:
    """Give `user` a new secret token, creating their feed on first use.

    The previous address stops answering at once (its token no longer exists). Writes a
    `calendar_feed.created` or `calendar_feed.renewed` audit row (never the token itself).
    """
    feed = CalendarFeed.objects.select_for_update(of=("self",)).filter(user=user).first()
    if feed is None:
        feed = CalendarFeed.objects.create(user=user)
        action = "calendar_feed.created"
    else:
        feed.token = new_feed_token()
        feed.save(update_fields=["token"])
        action = "calendar_feed.renewed"
    record(actor=user, action=action, obj=feed)
    return feed
