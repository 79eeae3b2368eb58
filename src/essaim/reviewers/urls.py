from .routes import invitations, workspace

app_name = "reviewers"

urlpatterns = invitations.urlpatterns + workspace.urlpatterns
