"""The message panel of the staff's dossier page loads its own data (the page's view belongs
to the dossier, the panel to the thread)."""

from django import template

from essaim.applications.forms_messages import MessageForm
from essaim.applications.message_thread import thread_summary

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_thread(context, application):
    """The thread's latest messages, how many of the team's are unread, an empty form; None
    for someone who may not write as the fund."""
    user = context["request"].user
    if not user.has_perm("applications.write_staff_message", application):
        return None
    summary = thread_summary(application, for_staff=True)
    summary.form = MessageForm()
    return summary
