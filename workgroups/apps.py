from django.apps import AppConfig


class WorkgroupsConfig(AppConfig):
    name = "workgroups"
    verbose_name = "Work Groups"

    def ready(self):
        # Imported here: models and selectors load only once the registry is ready.
        from django.db.models.signals import post_delete, post_save  # noqa: PLC0415

        from hubs.models import Hub  # noqa: PLC0415
        from workgroups.models import AcademicYear, NationalProject  # noqa: PLC0415
        from workgroups.selectors.find_options import find_options_changed_receiver  # noqa: PLC0415

        # The find page's cached lists of hubs and projects follow their rows.
        for model in (Hub, NationalProject, AcademicYear):
            label = model._meta.label_lower
            post_save.connect(find_options_changed_receiver, sender=model, dispatch_uid=f"find_options.saved.{label}")
            post_delete.connect(
                find_options_changed_receiver, sender=model, dispatch_uid=f"find_options.deleted.{label}"
            )
