"""What a ProConnect sign-in tells us about the agent beyond their name and address."""

from allauth.socialaccount.models import SocialAccount

from .config import PROVIDER_ID


def establishment_siren(user) -> str | None:
    """The SIREN of the establishment the agent works for, from the SIRET ProConnect gave at
    their latest sign-in (its first nine digits), or None."""
    if not user.is_authenticated:
        return None
    extra = (
        SocialAccount.objects.filter(user=user, provider=PROVIDER_ID)
        .values_list("extra_data", flat=True)
        .first()
    )
    siret = str(((extra or {}).get("userinfo") or {}).get("siret") or "")
    return siret[:9] if len(siret) == 14 and siret.isdigit() else None
