"""Who may read the audit journal: a fund's staff (their funds' rows only, see
essaim.core.selectors.audit_events_for) and platform administrators (every row)."""

import rules

# The roles are read by funds; core only names the permission.
from essaim.funds.rules import is_any_fund_staff, is_platform_admin

rules.add_perm("core.view_audit_log", is_any_fund_staff | is_platform_admin)
