"""Public pages of the essaimage: an innovation sheet, its resources, a fund's news.

An unpublished sheet answers 404, except to the people who write it (its team and the
fund's staff), who see it as a preview. Unpublished funds have no news pages.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from essaim.catalogue.enums import ResourceKind
from essaim.catalogue.models import InnovationResource, NewsPost
from essaim.catalogue.selectors.sheets import published_news, sheet_with_content
from essaim.core.downloads import protected_file_response

from . import selectors

NEWS_PAGE_SIZE = 20


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _edit_url(user, innovation) -> str:
    """Where an editor of the sheet writes it: the back-office for staff, the dossier's
    pages for its team."""
    if user.has_perm("catalogue.publish_innovation", innovation):
        return reverse("backoffice:innovation_edit", args=[innovation.pk])
    if innovation.application_id:
        return reverse("portal:innovation_sheet", args=[innovation.application_id])
    return ""


@require_safe
def innovation_detail(request, slug: str):
    innovation = get_object_or_404(sheet_with_content(), slug=slug)
    if not request.user.has_perm("catalogue.view_innovation", innovation):
        raise Http404
    fund = innovation.fund
    if innovation.call_id and fund and innovation.call.fund_id == fund.pk:
        innovation.call.fund = fund  # the call's link needs its fund: no extra query
    resources = list(innovation.resources.all())
    for resource in resources:
        resource.is_image = resource.content_type.startswith("image/")
    photo = next(
        (r for r in resources if r.kind == ResourceKind.PHOTO and r.file and r.is_image), None
    )
    canonical = _absolute(reverse("public:innovation_detail", args=[innovation.slug]))
    can_edit = request.user.is_authenticated and request.user.has_perm(
        "catalogue.edit_innovation", innovation
    )
    return render(
        request,
        "public/innovations/detail.html",
        {
            "innovation": innovation,
            # fund theming, and links to the fund's pages only when it is public
            "fund": fund,
            "fund_is_public": bool(fund and fund.is_published),
            "figures": list(innovation.figures.all()),
            "resources": resources,
            "contacts": list(innovation.contacts.all()),
            "testimonials": innovation.published_testimonials,
            "news": innovation.published_news,
            "canonical_url": canonical,
            "og_image": _absolute(
                reverse("public:innovation_resource", args=[innovation.slug, photo.pk])
            )
            if photo
            else "",
            "is_preview": not innovation.is_published,
            "edit_url": _edit_url(request.user, innovation) if can_edit else "",
        },
    )


@require_safe
def innovation_resource(request, slug: str, pk: int):
    """A sheet's file, or a redirect to its link. Files are served as downloads (images
    shown inline) and never run anything in the browser."""
    resource = get_object_or_404(
        InnovationResource.objects.select_related("innovation"), innovation__slug=slug, pk=pk
    )
    if not request.user.has_perm("catalogue.view_innovation", resource.innovation):
        raise Http404
    if not resource.file:
        return HttpResponseRedirect(resource.url)
    # images shown in the page, anything else downloaded; nosniff, sandboxed (core.downloads)
    return protected_file_response(
        resource.file,
        filename=resource.original_name or resource.title,
        content_type=resource.content_type,
        inline_images=True,
        cache="public, max-age=3600" if resource.innovation.is_published else "private, no-store",
    )


# --- a fund's news -----------------------------------------------------------------------------


@require_safe
def fund_news(request, fund_slug: str):
    fund = get_object_or_404(selectors.published_funds(), slug=fund_slug)
    paginator = Paginator(published_news(fund), NEWS_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    for post in page.object_list:
        post.fund = fund
    return render(
        request, "public/news/list.html", {"fund": fund, "page": page, "paginator": paginator}
    )


@require_safe
def news_detail(request, fund_slug: str, news_slug: str):
    fund = get_object_or_404(selectors.published_funds(), slug=fund_slug)
    post = get_object_or_404(
        NewsPost.objects.select_related("call__fund", "innovation"),
        fund=fund,
        slug=news_slug,
        is_published=True,
    )
    post.fund = fund
    return render(
        request,
        "public/news/detail.html",
        {
            "fund": fund,
            "post": post,
            "canonical_url": _absolute(reverse("public:news_detail", args=[fund.slug, post.slug])),
            "call_is_public": bool(post.call and post.call.is_published),
            "innovation_is_public": bool(post.innovation and post.innovation.is_published),
        },
    )
