from django import forms

from essaim.core.widgets import FastSelect


class _Form(forms.Form):
    plain = forms.ChoiceField(choices=[("", "Tous"), ("33", "33 — Gironde"), ("2A", "<b>2A</b>")])
    fast = forms.ChoiceField(
        choices=[("", "Tous"), ("33", "33 — Gironde"), ("2A", "<b>2A</b>")], widget=FastSelect
    )


def test_fast_select_writes_the_same_html_as_django_select():
    form = _Form(data={"plain": "33", "fast": "33"})

    def normalise(html):
        return "".join(str(html).split()).replace('id="id_fast"', "").replace('id="id_plain"', "")

    plain = normalise(form["plain"]).replace('name="plain"', "")
    fast = normalise(form["fast"]).replace('name="fast"', "")
    assert fast == plain
    assert "&lt;b&gt;2A&lt;/b&gt;" in str(form["fast"])
    assert '<option value="33" selected>' in str(form["fast"])
