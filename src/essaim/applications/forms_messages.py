"""The form of a message in a dossier's thread."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LONG_TEXT


class MessageForm(forms.Form):
    # prefixed: the dossier pages hold other panels' forms, whose ids must not collide
    prefix = "message"

    body = forms.CharField(
        label=_("Votre message"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Écrivez votre message.")},
    )
