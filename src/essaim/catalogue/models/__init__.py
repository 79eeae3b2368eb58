"""Essaimage: innovation sheets, news and testimonials, reuse by other public bodies."""

from .innovations import Innovation, InnovationContact, InnovationResource, InnovationResult
from .promotion import NewsPost, Testimonial
from .reuse import Reuse, ReuseMessage, ReuseUpdate

__all__ = [
    "Innovation",
    "InnovationContact",
    "InnovationResource",
    "InnovationResult",
    "NewsPost",
    "Reuse",
    "ReuseMessage",
    "ReuseUpdate",
    "Testimonial",
]
