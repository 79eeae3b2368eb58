"""The building blocks of anonymisation, shared by account deletion and the retention pass.

A person's traces are replaced, never shifted onto someone else: names become a neutral
placeholder, e-mail addresses a unique address under the reserved `.invalid` domain (RFC
2606: it can never receive mail), and other free personal fields become empty.
"""

from django.db import models

# Stored values (data, not interface text): the same in every language.
DELETED_ACCOUNT_NAME = "Compte supprimé"
ANONYMOUS_MEMBER_NAME = "Personne anonymisée"
PLACEHOLDER_DOMAIN = "anonyme.invalid"

_TEXT_FIELDS = (models.CharField, models.TextField)


def placeholder_email(kind: str, pk: int) -> str:
    """A unique, undeliverable address standing for a removed one."""
    return f"{kind}-{pk}@{PLACEHOLDER_DOMAIN}"


def is_placeholder_email(email: str) -> bool:
    return email.endswith("@" + PLACEHOLDER_DOMAIN)


def personal_text_fields(model: type[models.Model], *, keep: set[str]) -> list[str]:
    """The text fields of `model` that may hold what a person typed about themselves.

    Fields with choices are states or kinds, not personal data; `keep` names the others that
    stay (identifiers, tokens, the fields the caller replaces itself). Reading the model
    rather than listing fields means a field added later (a phone number…) is blanked too.
    """
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, _TEXT_FIELDS)
        and not field.choices
        and not field.primary_key
        and field.name not in keep
    ]


def blank_fields(instance: models.Model, names: list[str]) -> list[str]:
    """Empty the named fields on `instance`; returns those that changed (for update_fields)."""
    changed = []
    for name in names:
        if getattr(instance, name):
            setattr(instance, name, "")
            changed.append(name)
    return changed


def scrub_version_content(content: dict, *, emails: set[str] | None = None) -> dict:
    """A submitted version's frozen content without the people in it.

    With `emails`, only the team entries with one of those addresses are anonymised (one
    person leaving); without, every person and every file name goes (the retention pass).
    The dossier's own answers stay. The stored fingerprint is no longer that of the scrubbed
    content: it remains the proof of what was submitted, which the fund can no longer show.
    """
    content = dict(content)
    team = []
    for member in content.get("team") or []:
        member = dict(member)
        address = (member.get("email") or "").lower()
        if emails is None or (address and address in emails):
            member.update(full_name=ANONYMOUS_MEMBER_NAME, email="", job_title="", project_role="")
        team.append(member)
    if "team" in content:
        content["team"] = team
    if emails is None:
        if content.get("support"):
            content["support"] = {
                **content["support"],
                "supervisor_name": "",
                "supervisor_function": "",
            }
        if "attachments" in content:
            content["attachments"] = [
                {"name": "", "size": item.get("size"), "sha256": item.get("sha256")}
                for item in content["attachments"] or []
            ]
    return content
