"""The full-text index of the innovation sheets (see essaim.catalogue.search).

PostgreSQL: `CREATE EXTENSION unaccent` needs a superuser the first time (docs/deployment.md).
"""

from django.db import migrations


def install(apps, schema_editor):
    from essaim.catalogue import search

    if schema_editor.connection.vendor == "postgresql":
        for statement in search.postgresql_index_sql():
            schema_editor.execute(statement)
    elif schema_editor.connection.vendor == "sqlite":
        search.install_sqlite_index(schema_editor)


def uninstall(apps, schema_editor):
    from essaim.catalogue import search

    if schema_editor.connection.vendor == "postgresql":
        search.drop_postgresql_index(schema_editor)
    elif schema_editor.connection.vendor == "sqlite":
        search.drop_sqlite_index(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0001_initial"),
    ]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
