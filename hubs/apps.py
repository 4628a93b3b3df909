from django.apps import AppConfig


class HubsConfig(AppConfig):
    name = "hubs"
    verbose_name = "Maths Hubs"

    def ready(self):
        # Imported here: models and services load only once the registry is ready.
        from hubs.services.counts import register_changed_receiver  # noqa: PLC0415
        from schools.signals import register_changed  # noqa: PLC0415

        register_changed.connect(register_changed_receiver, dispatch_uid="hubs.open_school_counts")
