"""Where a signed-in person starts: the work their roles give them.

The fund's staff land on the back office, reviewers and jurors on their evaluations, coaches
on their laureates; everyone else (applicants, agents of other bodies) on "Mes dossiers".
Someone with several roles lands on the first in that order; the menu leads to the others.
"""

import rules
from django.urls import reverse

from essaim.funds.rules import accompanying_call_ids, reviewing_call_ids


def home_url(user) -> str:
    if rules.has_perm("funds.access_backoffice", user):
        return reverse("backoffice:home")
    if reviewing_call_ids(user):
        return reverse("reviewers:home")
    if accompanying_call_ids(user):
        return reverse("coaching:home")
    return reverse("portal:my_applications")
