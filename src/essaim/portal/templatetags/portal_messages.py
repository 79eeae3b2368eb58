"""The message panel of the applicant's dossier page loads its own data (the page's view
belongs to the dossier, the panel to the thread)."""

from django import template

from essaim.applications.forms_messages import MessageForm
from essaim.applications.message_thread import thread_summary

register = template.Library()


@register.simple_tag(takes_context=True)
def team_thread(context, application):
    """The thread's latest messages, unread count and an empty form, or None when the
    person is not in the team (staff reading the portal page write from the back-office)."""
    user = context["request"].user
    if not user.has_perm("applications.write_team_message", application):
        return None
    summary = thread_summary(application, for_staff=False)
    summary.form = MessageForm()
    return summary
