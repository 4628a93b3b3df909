"""The one outbox every e-mail about the portal's work goes through.

Each domain app declares its kinds of e-mail in its own ``mail_kinds`` module (found at start-up,
like the admin's ``admin`` modules) and queues messages with ``notifications.services.message_enqueue``.
Delivery (``notifications.delivery``) claims rows, sends them over one SMTP connection per batch and
marks each one; the sweep (``notifications.sweep``) adds what has come due and queues what is owed.
"""
