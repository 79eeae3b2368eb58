"""Writing a fund's news posts and testimonials.

A news post's slug is made from its title while it has never been published, unique in
its fund, and frozen at first publication (the Atom feed and shared links point at it).
Publishing and unpublishing write an audit row.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from essaim.core.audit import record
from essaim.funds.models import Fund

from ..models import NewsPost, Testimonial

NEWS_FIELDS = ("kind", "title", "summary", "body", "call", "innovation")
TESTIMONIAL_FIELDS = (
    "quote",
    "person_name",
    "person_function",
    "organisation_label",
    "innovation",
    "position",
)
SLUG_MAX_LENGTH = 100


def _news_slug(fund: Fund, title: str, *, exclude_pk: int | None) -> str:
    base = slugify(title)[:SLUG_MAX_LENGTH].strip("-") or "actualite"
    taken = set(
        NewsPost.objects.filter(fund=fund, slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _check_links(fund: Fund, obj) -> None:
    """A post or a quote may only point at its own fund's call and sheets."""
    errors = {}
    call = getattr(obj, "call", None)
    if call is not None and call.fund_id != fund.pk:
        errors["call"] = _("Choisissez un appel de ce fonds.")
    innovation = getattr(obj, "innovation", None)
    if innovation is not None and innovation.fund_id != fund.pk:
        errors["innovation"] = _("Choisissez une innovation de ce fonds.")
    if errors:
        raise ValidationError(errors)


def news_save(*, fund: Fund, actor, data: dict[str, Any], post: NewsPost | None = None) -> NewsPost:
    """Create (post=None) or edit a news post of `fund`."""
    post = post or NewsPost(fund=fund)
    if post.fund_id != fund.pk:
        raise ValidationError(_("Cette actualité n'appartient pas à ce fonds."))
    for name in NEWS_FIELDS:
        if name in data:
            setattr(post, name, data[name])
    _check_links(fund, post)
    if post.published_at is None or not post.slug:
        post.slug = _news_slug(fund, post.title, exclude_pk=post.pk)
    created = post.pk is None
    with transaction.atomic():
        post.full_clean()
        post.save()
        record(actor=actor, action="news.created" if created else "news.updated", obj=post)
    return post


def news_set_published(*, post: NewsPost, actor, published: bool) -> NewsPost:
    with transaction.atomic():
        locked = NewsPost.objects.select_for_update(of=("self",)).get(pk=post.pk)
        if locked.is_published == published:
            return locked
        locked.is_published = published
        if published and locked.published_at is None:
            locked.published_at = timezone.now()
        locked.save(update_fields=["is_published", "published_at", "updated_at"])
        record(
            actor=actor,
            action="news.published" if published else "news.unpublished",
            obj=locked,
            from_value="unpublished" if published else "published",
            to_value="published" if published else "unpublished",
        )
    return locked


def testimonial_save(
    *, fund: Fund, actor, data: dict[str, Any], testimonial: Testimonial | None = None
) -> Testimonial:
    """Create (testimonial=None) or edit a testimonial of `fund`."""
    testimonial = testimonial or Testimonial(fund=fund)
    if testimonial.fund_id != fund.pk:
        raise ValidationError(_("Ce témoignage n'appartient pas à ce fonds."))
    for name in TESTIMONIAL_FIELDS:
        if name in data and data[name] is not None:
            setattr(testimonial, name, data[name])
    testimonial.innovation = data.get("innovation", testimonial.innovation)
    _check_links(fund, testimonial)
    created = testimonial.pk is None
    with transaction.atomic():
        testimonial.full_clean()
        testimonial.save()
        record(
            actor=actor,
            action="testimonial.created" if created else "testimonial.updated",
            obj=testimonial,
        )
    return testimonial


def testimonial_set_published(*, testimonial: Testimonial, actor, published: bool) -> Testimonial:
    with transaction.atomic():
        locked = Testimonial.objects.select_for_update(of=("self",)).get(pk=testimonial.pk)
        if locked.is_published == published:
            return locked
        locked.is_published = published
        locked.save(update_fields=["is_published", "updated_at"])
        record(
            actor=actor,
            action="testimonial.published" if published else "testimonial.unpublished",
            obj=locked,
            from_value="unpublished" if published else "published",
            to_value="published" if published else "unpublished",
        )
    return locked
