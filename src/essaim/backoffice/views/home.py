"""The back-office home: the funds one manages, their calls and dossiers per state."""

from django.shortcuts import render

from essaim.applications.enums import ApplicationState
from essaim.applications.selectors import state_counts_by_call
from essaim.funds.selectors import funds_with_calls

from ..access import backoffice_view


@backoffice_view
def home(request):
    funds = funds_with_calls(request.user)
    counts = state_counts_by_call(call.pk for fund in funds for call in fund.call_list)
    rows = []
    for fund in funds:
        calls = []
        for call in fund.call_list:
            by_state = counts.get(call.pk, {})
            calls.append(
                {
                    "call": call,
                    "drafts": by_state.get(ApplicationState.DRAFT, 0),
                    "submitted": sum(
                        n for state, n in by_state.items() if state != ApplicationState.DRAFT
                    ),
                    "states": [
                        {"state": state, "label": label, "count": by_state[state]}
                        for state, label in ApplicationState.choices
                        if state != ApplicationState.DRAFT and by_state.get(state)
                    ],
                }
            )
        rows.append({"fund": fund, "calls": calls})
    return render(
        request,
        "backoffice/home.html",
        {
            "rows": rows,
            "can_create_fund": request.user.has_perm("funds.create_fund"),
        },
    )
