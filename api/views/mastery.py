"""Mastery Specialists: NCETM staff read the network's, a hub's managers their hub's, a specialist their own."""

from api.filters import MasterySpecialistFilter
from api.serializers.mastery import MasterySpecialistSerializer
from api.views.base import ReadOnlyViewSet
from mastery import selectors
from mastery.models import MasterySpecialist


class MasterySpecialistViewSet(ReadOnlyViewSet):
    """Mastery Specialists, by the rules of their pages (``mastery.view_specialist``): every one for NCETM staff,
    the hub's for its lead and administrators, their own for a specialist. Another hub's answers 404."""

    queryset = MasterySpecialist.objects.none()
    serializer_class = MasterySpecialistSerializer
    filterset_class = MasterySpecialistFilter

    def get_queryset(self):
        return (
            selectors.specialists_visible_to(user=self.request.user)
            .select_related("user__school", "hub", "cohort__academic_year")
            .prefetch_related(selectors.accreditations_prefetch())
            .order_by("pk")
        )
