"""Forms of the accompaniment; one module per area."""
