from django.urls import path

from assessments.reporting import views as report_views

app_name = "reports"

urlpatterns = [
    path("", report_views.dashboard, name="dashboard"),
    path("ky/<int:period_id>/co-quan/<int:agency_id>/", report_views.start, name="start"),
    path("<int:report_id>/", report_views.report_view, name="report"),
    path("<int:report_id>/nhom/<str:group_code>/", report_views.group_view, name="group"),
    path("<int:report_id>/nhom/<str:group_code>/diem/", report_views.live_score, name="live_score"),
    path("<int:report_id>/chi-so/<str:code>/tai-lieu/", report_views.add_evidence, name="add_evidence"),
    path("<int:report_id>/tai-lieu/<int:evidence_id>/", report_views.download_evidence, name="evidence"),
    path("<int:report_id>/tai-lieu/<int:evidence_id>/xem/", report_views.view_evidence, name="view_evidence"),
    path("<int:report_id>/tai-lieu/<int:evidence_id>/xoa/", report_views.remove_evidence, name="remove_evidence"),
    path("<int:report_id>/kiem-tra/", report_views.check_answers, name="check"),
    path("<int:report_id>/nop/", report_views.submit, name="submit"),
    path("<int:report_id>/da-nop/", report_views.submitted, name="submitted"),
    path("<int:report_id>/lich-su/", report_views.history, name="history"),
    path("<int:report_id>/pdf/", report_views.report_pdf_view, name="pdf"),
]
