"""Named permission rules about export and import jobs (django-rules)."""

import rules

from essaim.funds.rules import is_fund_staff, is_platform_admin


@rules.predicate
def is_job_creator(user, job) -> bool:
    return job is not None and user.is_authenticated and job.created_by_id == user.pk


# An export holds personal data chosen by one person: only they download it, and only while
# they still run the fund.
rules.add_perm("dataio.download_export", is_job_creator & (is_fund_staff | is_platform_admin))
# An import is confirmed by its fund's staff (the person who uploaded it, or a colleague).
rules.add_perm("dataio.run_import", is_fund_staff | is_platform_admin)
