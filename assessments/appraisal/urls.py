from django.urls import path

from assessments.appraisal import views
from assessments.results import views as results_views

app_name = "appraisal"

urlpatterns = [
    path("", views.workspace, name="workspace"),
    path("bao-cao/<int:report_id>/", views.report_view, name="report"),
    path("bao-cao/<int:report_id>/chi-so/<str:code>/", views.decide_view, name="decide"),
    path("bao-cao/<int:report_id>/tra-lai/", views.return_view, name="return"),
    path("bao-cao/<int:report_id>/mo-lai/", views.reopen_view, name="reopen"),
    path("bao-cao/<int:report_id>/duyet/", views.approve_view, name="approve"),
    path("bao-cao/<int:report_id>/da-nhan/", views.receive_view, name="receive"),
    path("bao-cao/<int:report_id>/tham-dinh-lai/", views.reappraise_view, name="reappraise"),
    path("ket-qua/", results_views.results, name="results"),
    path("ket-qua/phe-duyet/", results_views.approve, name="approve_results"),
]
