from django.urls import path

from .routes import (
    accompaniment,
    assisted_applications,
    audit_log,
    catalogue,
    dashboards,
    engagements,
    exports,
    imports,
    jury,
    messages,
    portfolio,
    ranking,
    results,
    reuse_stats,
    review_setup,
    screening,
    statistics,
    support_rounds,
)
from .views import applications, calls, funds, home

app_name = "backoffice"

urlpatterns = [
    path("", home.home, name="home"),
    # funds
    path("fonds/nouveau/", funds.fund_create, name="fund_create"),
    path("fonds/<int:pk>/modifier/", funds.fund_edit, name="fund_edit"),
    path("fonds/<int:fund_pk>/appels/nouveau/", calls.call_create, name="call_create"),
    # calls
    path("appels/<int:pk>/", calls.call_detail, name="call_detail"),
    path("appels/<int:pk>/modifier/", calls.call_edit, name="call_edit"),
    path("appels/<int:pk>/prolonger/", calls.call_extend_deadline, name="call_extend_deadline"),
    path("appels/<int:pk>/dossiers/", applications.call_applications, name="call_applications"),
    path(
        "appels/<int:pk>/dossiers/export.csv",
        applications.call_applications_export,
        name="call_applications_export",
    ),
    # dossiers
    path("dossiers/<int:pk>/", applications.application_detail, name="application_detail"),
]

# selection, one module per area
for area in (screening, review_setup, ranking, support_rounds, jury, results, messages, statistics):
    urlpatterns += area.urlpatterns

# after the jury
for area in (engagements, accompaniment, portfolio):
    urlpatterns += area.urlpatterns

# essaimage
for area in (catalogue, reuse_stats):
    urlpatterns += area.urlpatterns

# staff insight and data in and out; trust (the audit log)
for area in (dashboards, exports, imports, assisted_applications, audit_log):
    urlpatterns += area.urlpatterns
