"""Who may change the schools register: NCETM staff and site administrators import GIAS extracts."""

import rules

from accounts.rules import is_network_staff

rules.add_perm("schools.import_gias", is_network_staff)
