"""Who may read a hub's outbox and send its e-mails again: the people who manage the hub.

The answer is the hubs app's (``hubs.manage_hub``), asked by name: this app imports no domain app.
"""

import rules


@rules.predicate
def manages_hub(user, hub) -> bool:
    return hub is not None and user.has_perm("hubs.manage_hub", hub)


@rules.predicate
def manages_messages_hub(user, message) -> bool:
    return message is not None and message.hub_id is not None and user.has_perm("hubs.manage_hub", message.hub)


rules.add_perm("notifications.view_hub_outbox", manages_hub)
rules.add_perm("notifications.resend_message", manages_messages_hub)
