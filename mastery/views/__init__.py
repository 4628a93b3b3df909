"""The Mastery Specialist programme's pages, one module per audience: cohorts (NCETM staff), specialists (a hub's
managers, NCETM staff and the specialist themself)."""
