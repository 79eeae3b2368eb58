"""Staff insight: the dashboards' aggregated reads (selectors) and the geometry of their
charts (charts), drawn on the server as SVG. Plain Python, no models."""
