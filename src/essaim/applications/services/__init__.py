"""Writes on dossiers. Views call these; nothing else changes a dossier."""
