"""What each figure counts, in words written beside it on the report pages (and kept with its download)."""

ENGAGEMENT = (
    "Open schools: schools the schools register (GIAS) lists as open, served by the hub (its explicit choice of "
    "hub, else its local authority's hub); closed schools are never counted. Participating: at least one "
    "teacher's registration for the school, in a Work Group that ran that year, is approved or completed; the "
    "school is the one on the registration, so a teacher who later moved counts for the school they registered "
    "from; withdrawn, rejected, waitlisted and unanswered registrations do not count. Completed: the school has a "
    "completed registration that year (the DfE's count). Most disadvantaged: the fifth of the network's open "
    "schools with the highest % free school meals (schools tied at the boundary are left out). With a project filter, only that project's "
    "registrations count; with a phase filter, only schools of that phase."
)

PARTICIPATION = (
    "Work Groups run: published Work Groups of the year (not drafts, not cancelled). Teachers and schools: "
    "distinct teachers and schools with an approved or completed registration. Attendance rate: present or late "
    "÷ register marks of those participants at sessions already held (not cancelled). Completion rate: completed "
    "registrations ÷ approved or completed registrations, in Work Groups that have finished. With a phase filter, "
    "Work Groups of that phase; with a region or hub filter, the Work Groups the hubs run."
)

IMPACT = (
    "Headteachers: answers to the annual impact survey, one per school, to “Has the Teaching for Mastery "
    "programme had a positive impact on your school?”; the share is yes ÷ responses, given with the number of "
    "responses (grouped by the school's hub). Evaluations: participants' end-of-group evaluations (scores 1 to 5) "
    "from approved or completed participants, averaged, for the Work Groups in the selection."
)

LEADERSHIP = (
    "Work Group leads of the Work Groups that ran, counted once however many groups they lead, with the distinct "
    "schools (the school on the lead's profile) and academy trusts those schools belong to."
)

MASTERY = (
    "Mastery Specialists by cohort (the year their training started), up to the selected year, with their NCETM "
    "PD Lead accreditation status (a specialist accredited in more than one phase counts once, by their best "
    "standing). Accredited (%) counts those holding accreditation: accredited, or accredited with re-registration "
    "due. Filtered by region, hub and the cohort's phase."
)

JOURNEY = (
    "Open schools by their Teaching for Mastery stage at the end of the selected year: the furthest stage of "
    "Mastery Readiness, Development, Embedding and Sustaining that a teacher of the school completed in a Work "
    "Group of a national project carrying that stage, up to that year (a stage done again keeps the school where "
    "it is), or the stage a hub lead recorded for the school. Moved on: the furthest stage completed in the year "
    "is beyond any completed before (recorded stages have no year, so they count for the stage only). The "
    "project filter does not apply."
)

TREND = (
    "The same figures for every academic year held. Engagement is measured against today's open schools, because "
    "the schools register keeps no history of openings and closures."
)
