from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "E-mail outbox"

    def ready(self):
        # Each app's ``mail_kinds`` module registers its kinds of e-mail (``notifications.registry``),
        # as ``admin`` modules register with the admin: no app imports another's kinds.
        autodiscover_modules("mail_kinds")
