from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Organisation, OrganisationAlias, ReferentialImport
from .services import organisations_merge_by_staff
from .suggestions import detail


class AliasInline(admin.TabularInline):
    model = OrganisationAlias
    extra = 0
    fields = ["kind", "code", "name"]
    readonly_fields = ["kind", "code", "name"]
    can_delete = False


class MergeForm(forms.Form):
    """Which of the selected bodies stays; the others are folded into it."""

    target = forms.TypedChoiceField(
        label=gettext_lazy("Organisme qui reste"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choisissez l'organisme qui reste.")},
    )
    reason = forms.CharField(
        label=gettext_lazy("Motif"),
        max_length=500,
        required=False,
        help_text=gettext_lazy("Par exemple : doublon ajouté par un porteur de projet."),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [
            (
                o.pk,
                f"{o.name} — {detail(o)}"
                + (f" — SIREN {o.siren}" if o.siren else "")
                + " — "
                + _("%(n)s dossier(s)") % {"n": o.dossier_count},
            )
            for o in organisations
        ]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "departement", "insee_code", "siren", "population", "source"]
    list_filter = ["kind", "source", "is_active", "size_band", "region"]
    search_fields = ["search_name", "insee_code", "siren", "postal_codes"]
    readonly_fields = ["search_name", "size_band", "created_by"]
    raw_id_fields = ["epci"]
    inlines = [AliasInline]
    actions = ["merge_organisations"]

    def has_delete_permission(self, request, obj=None):
        # dossiers point at bodies: staff merge them (the action below) instead
        return False

    @admin.action(description=gettext_lazy("Fusionner les organismes sélectionnés (doublons)"))
    def merge_organisations(self, request, queryset):
        """A confirmation page restating what will happen, then the merge: the dossiers of
        the bodies that go point at the one that stays; their names and SIREN stay as
        aliases (still found by the search); an audit row records it."""
        if not request.user.has_perm("territory.merge_organisation"):
            raise PermissionDenied
        organisations = sorted(
            queryset.annotate(dossier_count=Count("applications")),
            key=lambda o: (not o.is_official, o.name, o.pk),  # the official one first
        )
        if len(organisations) < 2:
            self.message_user(
                request, _("Sélectionnez au moins deux organismes à fusionner."), messages.WARNING
            )
            return None
        official = [o for o in organisations if o.is_official]
        initial = {"target": official[0].pk} if len(official) == 1 else {}
        form = MergeForm(
            request.POST if "confirm" in request.POST else None,
            organisations=organisations,
            initial=initial,
        )
        if form.is_valid():
            by_pk = {o.pk: o for o in organisations}
            target = by_pk[form.cleaned_data["target"]]
            try:
                results = organisations_merge_by_staff(
                    sources=[o for o in organisations if o.pk != target.pk],
                    target=target,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                form.add_error("target", exc.messages)
            else:
                moved = sum(r.repointed.get("applications.application", 0) for r in results)
                self.message_user(
                    request,
                    _(
                        "%(n)s organisme(s) fusionné(s) dans « %(name)s » ; %(d)s dossier(s) rattaché(s)."
                    )
                    % {"n": len(results), "name": target.name, "d": moved},
                    messages.SUCCESS,
                )
                return None
        return TemplateResponse(
            request,
            "admin/territory/organisation/merge.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Fusionner des organismes"),
                "opts": self.model._meta,
                "organisations": organisations,
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(ReferentialImport)
class ReferentialImportAdmin(admin.ModelAdmin):
    list_display = ["loaded_at", "package", "version", "vintage"]
    readonly_fields = ["package", "version", "vintage", "sha256", "counts", "changes"]
