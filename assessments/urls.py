from django.urls import path

from assessments.accounts import SetPasswordDoneView, SetPasswordView

urlpatterns = [
    path("tai-khoan/dat-mat-khau/<uidb64>/<token>/", SetPasswordView.as_view(), name="set_password"),
    path("tai-khoan/da-dat-mat-khau/", SetPasswordDoneView.as_view(), name="set_password_done"),
]
