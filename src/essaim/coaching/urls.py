from .routes import calendar, workspace

app_name = "coaching"

urlpatterns = workspace.urlpatterns + calendar.urlpatterns
