"""The search text now has how to reproduce a sheet and the names of its body, place, fund
and theme (`services.sheets.search_text`): rebuild it for the sheets already written."""

from django.db import migrations


def rebuild(apps, schema_editor):
    from essaim.catalogue.services.sheets import search_text

    # the historical model has every field and relation search_text reads
    Innovation = apps.get_model("catalogue", "Innovation")
    sheets = Innovation.objects.select_related("organisation", "fund").order_by("pk")
    for sheet in sheets.iterator(chunk_size=500):
        text = search_text(sheet)
        if text != sheet.search_document:
            Innovation.objects.filter(pk=sheet.pk).update(search_document=text)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_search_index")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
