from django.urls import path

from assessments.accounts import SetPasswordDoneView, SetPasswordView
from assessments.reporting.receipt import views as receipt_views

urlpatterns = [
    path("tai-khoan/dat-mat-khau/<uidb64>/<token>/", SetPasswordView.as_view(), name="set_password"),
    path("tai-khoan/da-dat-mat-khau/", SetPasswordDoneView.as_view(), name="set_password_done"),
    path("kiem-tra-bien-nhan/", receipt_views.check, name="receipt_check"),
]
