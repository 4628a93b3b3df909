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

# What a Work Group's own figures count: the participation table's, a hub's Work Groups and a specialist's profile.
WORK_GROUP_MEASURES = (
    "Teachers and schools: distinct teachers and schools with an approved or completed registration. Attendance "
    "rate: present or late ÷ register marks of those participants at sessions already held (not cancelled). "
    "Completion rate: completed registrations ÷ approved or completed registrations, in Work Groups that have "
    "finished."
)

PARTICIPATION = (
    "Work Groups run: published Work Groups of the year (not drafts, not cancelled). "
    + WORK_GROUP_MEASURES
    + " With a phase filter, Work Groups of that phase; with a region or hub filter, the Work Groups the hubs run."
)

EVALUATIONS = (
    "Evaluations: participants' end-of-group evaluations (scores 1 to 5) from approved or completed participants, "
    "averaged, for the Work Groups in the selection."
)

IMPACT = (
    "Headteachers: answers to the annual impact survey, one per school, to “Has the Teaching for Mastery "
    "programme had a positive impact on your school?”; the share is yes ÷ responses, given with the number of "
    "responses (grouped by the school's hub). " + EVALUATIONS
)

WORK_GROUPS_LED = (
    "The Work Groups of the specialist's hub that they lead or led as a Work Group lead, and that ran (published, "
    "not drafts, not cancelled), with the reports' figures for each. " + WORK_GROUP_MEASURES + " " + EVALUATIONS
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

SPECIALISTS = (
    "Mastery Specialists of the cohorts whose training (programme year 1) started up to the selected year, counted "
    "by cohort (start year and phase), by programme year, by NCETM PD Lead accreditation status and by hub (the hub "
    "that nominated them). The programme year is the one the hub last recorded: year 1 training, year 2 leading a "
    "Work Group, year 3 sustaining. The accreditation status is today's: a specialist accredited in more than one "
    "phase counts once, by their best standing, and one with no PD Lead accreditation recorded counts as not "
    "started; holding accreditation means accredited, or accredited with re-registration due. The portal keeps no "
    "history of programme years, so an earlier year's page shows today's. Filtered by region, hub and the cohort's "
    "phase; the project filter does not apply."
)
