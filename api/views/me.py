"""The caller's own account and CPD."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.selectors import roles_of
from api.models import ApiToken
from api.serializers.me import CpdEntrySerializer, MeSerializer
from api.views.base import ApiViewMixin
from workgroups.selectors import my_cpd


class MeView(ApiViewMixin, APIView):
    @extend_schema(responses=MeSerializer, operation_id="me_retrieve")
    def get(self, request):
        """Who is asking: the account, its roles, and the token used (if any)."""
        user = request.user
        roles = roles_of(user)
        token = request.auth if isinstance(request.auth, ApiToken) else None
        data = {
            "id": user.pk,
            "email": user.email,
            "full_name": user.full_name,
            "school": user.school.urn if user.school_id else None,
            "is_ncetm_staff": roles.is_ncetm_staff,
            "is_site_admin": roles.is_site_admin,
            "hubs": [
                {"slug": hub.slug, "name": hub.name, "manages": hub in roles.managed_hubs} for hub in roles.member_hubs
            ],
            "leads_work_groups": roles.leads_work_groups,
            "token": token and {"name": token.name, "scope": token.scope, "expires_at": token.expires_at},
        }
        return Response(MeSerializer(data).data)


class MyCpdView(ApiViewMixin, APIView):
    @extend_schema(responses=CpdEntrySerializer(many=True), operation_id="me_cpd_list")
    def get(self, request):
        """The caller's Work Groups as on "My CPD": place, headteacher's answer, sessions, attendance, next session;
        current ones first, then past and withdrawn ones (``past``)."""
        cpd = my_cpd(user=request.user)
        return Response(CpdEntrySerializer([*cpd.current, *cpd.past], many=True).data)
