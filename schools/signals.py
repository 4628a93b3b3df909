"""What the register tells the apps that keep figures about it (``hubs`` keeps the reports' open-school counts).

``register_changed`` is sent inside the transaction of a change to the register, after it (the GIAS import, the
admin's edits of a school): the receivers recount in that transaction. A signal, not a call: the schools app sits
below the hubs app and does not import it.
"""

from django.dispatch import Signal

register_changed = Signal()
