from django.urls import path

from home import job_views

app_name = "jobs"

urlpatterns = [
    path("<uuid:job_id>/", job_views.status, name="status"),
    path("<uuid:job_id>/trang-thai/", job_views.status_json, name="state"),
    path("<uuid:job_id>/tai-ve/", job_views.download, name="download"),
    path("<uuid:job_id>/thu-lai/", job_views.retry, name="retry"),
]
