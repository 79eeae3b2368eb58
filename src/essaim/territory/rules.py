"""Named permission rules about the referential of public bodies (django-rules).

Merging bodies changes what every fund's dossiers point at: it is a platform task, for a
superuser or a staff account given the `territory.change_organisation` permission."""

import rules
from django.contrib.auth.backends import ModelBackend


@rules.predicate
def is_platform_admin(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_superuser


@rules.predicate
def may_edit_referential(user) -> bool:
    # asked of the model backend alone: this rule must not consult itself
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and ModelBackend().has_perm(user, "territory.change_organisation")
    )


rules.add_perm("territory.merge_organisation", is_platform_admin | may_edit_referential)
