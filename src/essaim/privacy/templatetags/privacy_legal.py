from django import template

from essaim.privacy.legal import accessibility_conformity as conformity

register = template.Library()


@register.simple_tag
def accessibility_conformity() -> str:
    """The statement's conformity level, for the footer link ("Accessibilité : …")."""
    return conformity()
