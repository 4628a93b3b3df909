"""National projects, Work Groups and sessions: what each person may see, by the same rules as the pages."""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.forms.models import model_to_dict
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from api.filters import ProjectFilter, SessionFilter, WorkGroupFilter
from api.serializers.registrations import RegisterSavedSerializer, RegisterSerializer
from api.serializers.workgroups import NationalProjectSerializer, SessionSerializer, WorkGroupSerializer
from api.views.base import GenericViewSet, ReadOnlyViewSet
from workgroups import selectors, services
from workgroups.forms import NationalProjectForm
from workgroups.models import NationalProject, Session, WorkGroup

# The form's names for the API's fields, where they differ.
FORM_TO_API = {"start_year": "academic_year", "__all__": "non_field_errors"}


class NationalProjectViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, GenericViewSet
):
    """The national project catalogue. Every signed-in person reads it; NCETM staff add and change projects."""

    queryset = NationalProject.objects.none()
    serializer_class = NationalProjectSerializer
    filterset_class = ProjectFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return NationalProject.objects.select_related("academic_year").order_by("-academic_year__start_year", "code")

    def check_permissions(self, request):
        super().check_permissions(request)
        if not request.user.has_perm("workgroups.view_projects"):
            self.permission_denied(request)
        if request.method not in ("GET", "HEAD", "OPTIONS") and not request.user.has_perm("workgroups.manage_projects"):
            raise PermissionDenied("Only NCETM staff change the national project catalogue.")

    def perform_create(self, serializer):
        serializer.instance = self._save_with_the_pages_form(serializer, project=None)

    def perform_update(self, serializer):
        serializer.instance = self._save_with_the_pages_form(serializer, project=serializer.instance)

    def _save_with_the_pages_form(self, serializer, *, project):
        """The project page's form checks the values (code spelling and pattern, its year, the years allowed,
        uniqueness) and its service saves them."""
        values = dict(serializer.validated_data)
        start_year = values.pop("academic_year", None)
        if project is not None:
            start_year = start_year or project.academic_year.start_year
        # What is not sent keeps its value (PATCH), or the model's default (a new project), as the page's form has.
        values = {**model_to_dict(project or NationalProject(), fields=NationalProjectForm._meta.fields), **values}
        form = NationalProjectForm(data={**values, "start_year": start_year}, instance=project)
        if not form.is_valid():
            errors = form.errors.get_json_data()
            raise ValidationError(
                {FORM_TO_API.get(name, name): [e["message"] for e in messages] for name, messages in errors.items()}
            )
        return services.project_save(
            project=form.save(commit=False), start_year=form.cleaned_data["start_year"], actor=self.request.user
        )


class WorkGroupViewSet(ReadOnlyViewSet):
    """Work Groups: every published one, and the drafts of the groups a person leads or whose hub they manage."""

    queryset = WorkGroup.objects.none()
    serializer_class = WorkGroupSerializer
    filterset_class = WorkGroupFilter

    def get_queryset(self):
        visible = selectors.workgroups_visible_to(user=self.request.user)
        return (
            selectors.workgroups_with_place_counts(work_groups=visible)
            .select_related("hub", "project", "academic_year")
            .prefetch_related(Prefetch("leads", queryset=get_user_model().objects.only("pk", "full_name")))
            .order_by("-academic_year__start_year", "code")
        )


class SessionViewSet(ReadOnlyViewSet):
    """Sessions of the Work Groups a person may see. Their leads and hub managers take the register here."""

    queryset = Session.objects.none()
    serializer_class = SessionSerializer
    filterset_class = SessionFilter

    def get_queryset(self):
        return selectors.sessions_visible_to(user=self.request.user).order_by("starts_at", "pk")

    @extend_schema(request=RegisterSerializer, responses={200: RegisterSavedSerializer})
    @action(detail=True, methods=["post"], url_path="attendance")
    def attendance(self, request, pk=None):
        """Save the session's register (the same as "Take the register"): each change is kept as a correction."""
        session = self.get_object()
        if not request.user.has_perm("workgroups.lead_workgroup", session.work_group):
            raise PermissionDenied("Only this Work Group's leads and its hub's managers take its register.")
        body = RegisterSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        saved = services.attendance_record(
            session=session,
            marks={mark["registration"]: mark["status"] for mark in body.validated_data["marks"]},
            recorded_by=request.user,
        )
        return Response(RegisterSavedSerializer(saved).data, status=status.HTTP_200_OK)
