"""Forms of the catalogue: innovation sheets (sheets.py), news and testimonials
(promotion.py)."""
