"""Public pages: anyone may read them, no account needed. (Stubs, replaced by the public slice.)"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from essaim.funds.models import Call, Fund


def home(request):
    return render(request, "public/home.html", {"calls": Call.objects.published()})


def past_calls(request):
    return render(request, "public/home.html", {"calls": Call.objects.published()})


def fund_detail(request, fund_slug):
    fund = get_object_or_404(Fund, slug=fund_slug, is_published=True)
    return render(request, "public/home.html", {"fund": fund, "calls": fund.calls.published()})


def fund_theme(request, fund_slug):
    fund = get_object_or_404(Fund, slug=fund_slug)
    return HttpResponse(f":root {{ --accent: {fund.accent_colour}; }}\n", content_type="text/css")


def call_detail(request, fund_slug, call_slug):
    call = get_object_or_404(Call.objects.published(), fund__slug=fund_slug, slug=call_slug)
    return render(request, "public/home.html", {"fund": call.fund, "call": call, "calls": []})


def legal(request):
    return render(request, "public/home.html", {"calls": []})


privacy = accessibility = legal
