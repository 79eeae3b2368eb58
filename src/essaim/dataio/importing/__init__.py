"""Importing past calls, dossiers and laureates from a spreadsheet (CSV or XLSX) whose
columns are those of the dossiers export: read (`reader`), check every row and plan the
writes without writing (`validation`, the dry run), then write the plan (`apply`)."""
