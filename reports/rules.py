"""Who reads which report: national readers every hub; a hub's members their own hub, beside the network."""

import rules

from accounts.rules import is_network_staff
from hubs.rules import is_hub_member

rules.add_perm("reports.view_network_report", is_network_staff)
rules.add_perm("reports.view_hub_report", is_hub_member | is_network_staff)
# The impact survey's questions are set nationally.
rules.add_perm("reports.change_impact_survey", is_network_staff)
