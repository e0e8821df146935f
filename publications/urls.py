from django.urls import path

from publications import views

app_name = "publications"

urlpatterns = [
    path("tai-ve/ket-qua/<int:year>/<str:name>", views.download, name="download"),
]
