"""The fund staff's pages of the essaimage: the fund's innovation sheets (create from a
laureate or from outside the fund, edit, resources, publish, unpublish), its news posts and
its testimonials.

Every lookup starts from the funds the person manages: another fund's sheet, post or
testimonial answers 404. Publishing asks for a confirmation page that restates what
happens.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from essaim.applications.enums import ApplicationState
from essaim.applications.models import Application
from essaim.catalogue.forms.promotion import NewsPostForm, TestimonialForm
from essaim.catalogue.forms.sheets import (
    ResourceForm,
    SheetEditing,
    SheetForm,
    SheetStartForm,
    submit_resource,
)
from essaim.catalogue.models import Innovation, NewsPost, Testimonial
from essaim.catalogue.selectors import sheets as selectors
from essaim.catalogue.services import promotion as promotion_services
from essaim.catalogue.services import sheets as services
from essaim.funds.selectors import managed_calls, managed_funds

from ..access import backoffice_view, get_fund
from ..forms import add_service_errors


def _home_crumb():
    return (_("Gestion"), reverse("backoffice:home"))


def _fund_crumbs(fund):
    return [
        _home_crumb(),
        (
            _("Innovations et promotion — %s") % fund.name,
            reverse("backoffice:catalogue_fund", args=[fund.pk]),
        ),
    ]


def _sheet_crumbs(innovation):
    if innovation.fund_id:
        return _fund_crumbs(innovation.fund)
    return [_home_crumb()]


def _get_sheet(request, pk: int) -> Innovation:
    """A sheet of a managed fund, or one from outside the funds that the person may edit."""
    innovation = get_object_or_404(
        selectors.sheet_for_editing().filter(
            Q(fund__in=managed_funds(request.user)) | Q(fund__isnull=True)
        ),
        pk=pk,
    )
    if not request.user.has_perm("catalogue.edit_innovation", innovation):
        raise Http404
    return innovation


def _promotion_fund(request, pk: int):
    return get_fund(request, pk, perm="catalogue.manage_promotion")


# --- the fund's sheets ------------------------------------------------------------------------


@backoffice_view
@require_safe
def catalogue_fund(request, fund_pk: int):
    fund = _promotion_fund(request, fund_pk)
    return render(
        request,
        "backoffice/catalogue/fund.html",
        {
            "current_fund": fund,
            "sheets": selectors.fund_sheets(fund),
            "laureates": selectors.laureates_without_sheet(fund),
            "external_sheets": selectors.external_sheets(request.user),
            "news_count": fund.news.count(),
            "testimonial_count": fund.testimonials.count(),
            "can_add_external": request.user.has_perm("catalogue.add_external_innovation"),
            "page_title": _("Innovations et promotion"),
            "breadcrumbs": [_home_crumb()],
        },
    )


@backoffice_view
@require_http_methods(["GET", "POST"])
def innovation_create(request, application_pk: int):
    """Start the sheet of a laureate dossier of a managed call."""
    application = get_object_or_404(
        Application.objects.filter(
            call__in=managed_calls(request.user), state__in=ApplicationState.selected()
        ).select_related("call__fund"),
        pk=application_pk,
    )
    fund = application.call.fund
    probe = Innovation(application=application, fund=fund)
    if not request.user.has_perm("catalogue.publish_innovation", probe):
        raise Http404
    existing = Innovation.objects.filter(application=application).first()
    if existing is not None:
        return redirect("backoffice:innovation_edit", pk=existing.pk)
    form = SheetStartForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            innovation = services.sheet_create_from_application(
                application=application, actor=request.user, topic=form.cleaned_data["topic"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("La fiche est créée à partir du dossier : complétez-la."))
            return redirect("backoffice:innovation_edit", pk=innovation.pk)
    return render(
        request,
        "backoffice/catalogue/start.html",
        {
            "form": form,
            "application": application,
            "current_fund": fund,
            "page_title": _("Créer la fiche innovation"),
            "breadcrumbs": _fund_crumbs(fund),
        },
    )


@backoffice_view
@require_http_methods(["GET", "POST"])
def innovation_create_external(request):
    if not request.user.has_perm("catalogue.add_external_innovation"):
        raise PermissionDenied
    form = SheetForm(
        request.POST if request.method == "POST" else None,
        instance=Innovation(is_external=True),
        external=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            innovation = services.sheet_create_external(
                actor=request.user, data=form.service_data()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("La fiche est créée. Elle n'est pas encore publiée."))
            return redirect("backoffice:innovation_edit", pk=innovation.pk)
    return render(
        request,
        "backoffice/catalogue/external.html",
        {
            "form": form,
            "page_title": _("Ajouter une innovation hors des fonds"),
            "breadcrumbs": [_home_crumb()],
        },
    )


@backoffice_view
@require_http_methods(["GET", "POST"])
def innovation_edit(request, pk: int):
    innovation = _get_sheet(request, pk)
    editing = SheetEditing(request, innovation)
    if request.method == "POST" and editing.is_valid() and editing.save(request.user):
        messages.success(request, _("La fiche est enregistrée."))
        return redirect("backoffice:innovation_edit", pk=innovation.pk)
    cancel = (
        reverse("backoffice:catalogue_fund", args=[innovation.fund_id])
        if innovation.fund_id
        else reverse("backoffice:home")
    )
    return render(
        request,
        "backoffice/catalogue/edit.html",
        {
            "innovation": innovation,
            "editing": editing,
            "cancel_url": cancel,
            "current_fund": innovation.fund,
            "can_publish": request.user.has_perm("catalogue.publish_innovation", innovation),
            "page_title": innovation.title,
            "breadcrumbs": _sheet_crumbs(innovation),
        },
    )


@backoffice_view
@require_http_methods(["GET", "POST"])
def innovation_resources(request, pk: int):
    innovation = _get_sheet(request, pk)
    posted = request.method == "POST"
    form = ResourceForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        resource = submit_resource(form, innovation=innovation, actor=request.user)
        if resource is not None:
            messages.success(request, _("« %s » est ajoutée à la fiche.") % resource.title)
            return redirect("backoffice:innovation_resources", pk=innovation.pk)
    resources = list(innovation.resources.all())
    for resource in resources:
        resource.delete_url = reverse(
            "backoffice:innovation_resource_delete", args=[innovation.pk, resource.pk]
        )
    breadcrumbs = [
        *_sheet_crumbs(innovation),
        (innovation.title, reverse("backoffice:innovation_edit", args=[innovation.pk])),
    ]
    return render(
        request,
        "backoffice/catalogue/resources.html",
        {
            "innovation": innovation,
            "form": form,
            "resources": resources,
            "page_title": _("Ressources de la fiche"),
            "breadcrumbs": breadcrumbs,
        },
    )


@backoffice_view
@require_http_methods(["GET", "POST"])
def innovation_resource_delete(request, pk: int, resource_pk: int):
    innovation = _get_sheet(request, pk)
    resource = get_object_or_404(innovation.resources, pk=resource_pk)
    if request.method == "POST":
        services.resource_delete(resource=resource, actor=request.user)
        messages.success(request, _("« %s » est retirée de la fiche.") % resource.title)
        return redirect("backoffice:innovation_resources", pk=innovation.pk)
    return render(
        request,
        "backoffice/catalogue/resource_delete.html",
        {
            "innovation": innovation,
            "resource": resource,
            "cancel_url": reverse("backoffice:innovation_resources", args=[innovation.pk]),
            "page_title": _("Retirer une ressource"),
            "breadcrumbs": _sheet_crumbs(innovation),
        },
    )


@backoffice_view
@require_http_methods(["GET", "POST"])
def innovation_publication(request, pk: int, action: str):
    """Publish or unpublish a sheet, after a page that says what it changes."""
    innovation = _get_sheet(request, pk)
    if not request.user.has_perm("catalogue.publish_innovation", innovation):
        raise Http404
    publish = action == "publier"
    errors = []
    if request.method == "POST":
        try:
            if publish:
                services.sheet_publish(innovation=innovation, actor=request.user)
                messages.success(request, _("La fiche « %s » est publiée.") % innovation.title)
            else:
                services.sheet_unpublish(
                    innovation=innovation,
                    actor=request.user,
                    reason=(request.POST.get("reason") or "").strip()[:500],
                )
                messages.success(
                    request, _("La fiche « %s » n'est plus publiée.") % innovation.title
                )
        except ValidationError as exc:
            errors = [
                _("« %(field)s » : %(message)s")
                % {"field": Innovation._meta.get_field(name).verbose_name, "message": m}
                for name, messages_ in exc.message_dict.items()
                for m in messages_
            ]
        else:
            return redirect("backoffice:innovation_edit", pk=innovation.pk)
    return render(
        request,
        "backoffice/catalogue/publication.html",
        {
            "innovation": innovation,
            "publish": publish,
            "publication_errors": errors,
            "public_url": request.build_absolute_uri(
                reverse("public:innovation_detail", args=[innovation.slug])
            ),
            "page_title": _("Publier la fiche") if publish else _("Retirer la fiche du site"),
            "breadcrumbs": [
                *_sheet_crumbs(innovation),
                (innovation.title, reverse("backoffice:innovation_edit", args=[innovation.pk])),
            ],
        },
    )


# --- news ---------------------------------------------------------------------------------------


def _get_post(request, pk: int) -> NewsPost:
    post = get_object_or_404(
        NewsPost.objects.filter(fund__in=managed_funds(request.user)).select_related("fund"), pk=pk
    )
    if not request.user.has_perm("catalogue.manage_promotion", post.fund):
        raise Http404
    return post


@backoffice_view
@require_safe
def news_list(request, fund_pk: int):
    fund = _promotion_fund(request, fund_pk)
    return render(
        request,
        "backoffice/catalogue/news_list.html",
        {
            "current_fund": fund,
            "posts": selectors.fund_news_admin(fund),
            "page_title": _("Actualités"),
            "breadcrumbs": _fund_crumbs(fund),
        },
    )


def _news_form(request, fund, post=None):
    form = NewsPostForm(
        request.POST if request.method == "POST" else None,
        instance=post or NewsPost(fund=fund),
        fund=fund,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = promotion_services.news_save(
                fund=fund, actor=request.user, data=form.cleaned_data, post=post
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("L'actualité « %s » est enregistrée.") % saved.title)
            return redirect("backoffice:news_list", fund_pk=fund.pk)
    return render(
        request,
        "backoffice/catalogue/news_form.html",
        {
            "form": form,
            "post": post,
            "current_fund": fund,
            "page_title": _("Modifier l'actualité") if post else _("Écrire une actualité"),
            "breadcrumbs": [
                *_fund_crumbs(fund),
                (_("Actualités"), reverse("backoffice:news_list", args=[fund.pk])),
            ],
        },
    )


@backoffice_view
@require_http_methods(["GET", "POST"])
def news_create(request, fund_pk: int):
    return _news_form(request, _promotion_fund(request, fund_pk))


@backoffice_view
@require_http_methods(["GET", "POST"])
def news_edit(request, pk: int):
    post = _get_post(request, pk)
    return _news_form(request, post.fund, post)


@backoffice_view
@require_http_methods(["GET", "POST"])
def news_publication(request, pk: int, action: str):
    post = _get_post(request, pk)
    publish = action == "publier"
    if request.method == "POST":
        promotion_services.news_set_published(post=post, actor=request.user, published=publish)
        if publish:
            messages.success(request, _("L'actualité « %s » est publiée.") % post.title)
        else:
            messages.success(request, _("L'actualité « %s » n'est plus publiée.") % post.title)
        return redirect("backoffice:news_list", fund_pk=post.fund_id)
    return render(
        request,
        "backoffice/catalogue/confirm.html",
        {
            "current_fund": post.fund,
            "item_title": post.title,
            "publish": publish,
            "consequence": _(
                "L'actualité paraîtra sur la page du fonds, dans la liste de ses actualités et "
                "dans son flux Atom ; son adresse ne changera plus."
            )
            if publish
            else _("L'actualité disparaîtra de la page du fonds, de la liste et du flux Atom."),
            "cancel_url": reverse("backoffice:news_list", args=[post.fund_id]),
            "page_title": _("Publier l'actualité") if publish else _("Retirer l'actualité"),
            "breadcrumbs": [
                *_fund_crumbs(post.fund),
                (_("Actualités"), reverse("backoffice:news_list", args=[post.fund_id])),
            ],
        },
    )


# --- testimonials -----------------------------------------------------------------------------


def _get_testimonial(request, pk: int) -> Testimonial:
    testimonial = get_object_or_404(
        Testimonial.objects.filter(fund__in=managed_funds(request.user)).select_related("fund"),
        pk=pk,
    )
    if not request.user.has_perm("catalogue.manage_promotion", testimonial.fund):
        raise Http404
    return testimonial


@backoffice_view
@require_safe
def testimonial_list(request, fund_pk: int):
    fund = _promotion_fund(request, fund_pk)
    return render(
        request,
        "backoffice/catalogue/testimonial_list.html",
        {
            "current_fund": fund,
            "testimonials": selectors.fund_testimonials_admin(fund),
            "page_title": _("Témoignages"),
            "breadcrumbs": _fund_crumbs(fund),
        },
    )


def _testimonial_form(request, fund, testimonial=None):
    form = TestimonialForm(
        request.POST if request.method == "POST" else None,
        instance=testimonial or Testimonial(fund=fund),
        fund=fund,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = promotion_services.testimonial_save(
                fund=fund, actor=request.user, data=form.cleaned_data, testimonial=testimonial
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Le témoignage de %s est enregistré.") % saved.person_name)
            return redirect("backoffice:testimonial_list", fund_pk=fund.pk)
    return render(
        request,
        "backoffice/catalogue/testimonial_form.html",
        {
            "form": form,
            "testimonial": testimonial,
            "current_fund": fund,
            "page_title": _("Modifier le témoignage")
            if testimonial
            else _("Ajouter un témoignage"),
            "breadcrumbs": [
                *_fund_crumbs(fund),
                (_("Témoignages"), reverse("backoffice:testimonial_list", args=[fund.pk])),
            ],
        },
    )


@backoffice_view
@require_http_methods(["GET", "POST"])
def testimonial_create(request, fund_pk: int):
    return _testimonial_form(request, _promotion_fund(request, fund_pk))


@backoffice_view
@require_http_methods(["GET", "POST"])
def testimonial_edit(request, pk: int):
    testimonial = _get_testimonial(request, pk)
    return _testimonial_form(request, testimonial.fund, testimonial)


@backoffice_view
@require_http_methods(["GET", "POST"])
def testimonial_publication(request, pk: int, action: str):
    testimonial = _get_testimonial(request, pk)
    publish = action == "publier"
    if request.method == "POST":
        promotion_services.testimonial_set_published(
            testimonial=testimonial, actor=request.user, published=publish
        )
        messages.success(
            request,
            _("Le témoignage de %s est publié.") % testimonial.person_name
            if publish
            else _("Le témoignage de %s n'est plus publié.") % testimonial.person_name,
        )
        return redirect("backoffice:testimonial_list", fund_pk=testimonial.fund_id)
    return render(
        request,
        "backoffice/catalogue/confirm.html",
        {
            "current_fund": testimonial.fund,
            "item_title": f"{testimonial.person_name} — {testimonial.organisation_label}",
            "publish": publish,
            "consequence": _(
                "Le témoignage paraîtra sur la page du fonds et sur la fiche de l'innovation "
                "qu'il concerne."
            )
            if publish
            else _("Le témoignage disparaîtra de la page du fonds et de la fiche de l'innovation."),
            "cancel_url": reverse("backoffice:testimonial_list", args=[testimonial.fund_id]),
            "page_title": _("Publier le témoignage") if publish else _("Retirer le témoignage"),
            "breadcrumbs": [
                *_fund_crumbs(testimonial.fund),
                (
                    _("Témoignages"),
                    reverse("backoffice:testimonial_list", args=[testimonial.fund_id]),
                ),
            ],
        },
    )
