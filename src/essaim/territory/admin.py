from django.contrib import admin

from .models import Organisation, OrganisationAlias, ReferentialImport


class AliasInline(admin.TabularInline):
    model = OrganisationAlias
    extra = 0
    fields = ["kind", "code", "name"]
    readonly_fields = ["kind", "code", "name"]
    can_delete = False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "departement", "insee_code", "siren", "population", "source"]
    list_filter = ["kind", "source", "is_active", "size_band", "region"]
    search_fields = ["search_name", "insee_code", "siren", "postal_codes"]
    readonly_fields = ["search_name", "size_band", "created_by"]
    raw_id_fields = ["epci"]
    inlines = [AliasInline]

    def has_delete_permission(self, request, obj=None):
        # dossiers point at bodies: staff merge them from the back-office instead
        return False


@admin.register(ReferentialImport)
class ReferentialImportAdmin(admin.ModelAdmin):
    list_display = ["loaded_at", "package", "version", "vintage"]
    readonly_fields = ["package", "version", "vintage", "sha256", "counts", "changes"]
