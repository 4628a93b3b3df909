from django.urls import path

from hubs import invitation_views, people_views, reach_views, views

app_name = "hubs"

urlpatterns = [
    path("", views.hub_list, name="list"),
    # The network's people (NCETM staff) and invitations: before "<slug>/" so that no hub's slug shadows them.
    path("people/", people_views.network_people, name="network_people"),
    path("people/ncetm-staff/<int:user_pk>/remove/", people_views.staff_remove, name="staff_remove"),
    path("people/invite/", invitation_views.network_invite, name="network_invite"),
    path("invitations/<int:pk>/resend/", invitation_views.resend, name="invitation_resend"),
    path("invitations/<int:pk>/withdraw/", invitation_views.revoke, name="invitation_revoke"),
    path("invitations/<str:token>/", invitation_views.respond, name="invitation"),
    path("<slug:slug>/", views.hub_dashboard, name="dashboard"),
    path("<slug:slug>/schools.csv", views.hub_schools_csv, name="schools_csv"),
    path("<slug:slug>/not-reached/", reach_views.not_reached, name="not_reached"),
    path("<slug:slug>/not-reached.csv", reach_views.not_reached_csv, name="not_reached_csv"),
    path("<slug:slug>/edit/", views.hub_edit, name="edit"),
    path("<slug:slug>/details/", views.hub_details_edit, name="edit_details"),
    path("<slug:slug>/people/", people_views.people, name="people"),
    path("<slug:slug>/people/invite/", invitation_views.invite, name="invite"),
    path("<slug:slug>/people/roles/<int:pk>/remove/", people_views.role_remove, name="role_remove"),
    path(
        "<slug:slug>/people/work-groups/<int:work_group_pk>/leads/<int:user_pk>/remove/",
        people_views.lead_remove,
        name="lead_remove",
    ),
]
