from django.urls import include, path

from publications import api, views

app_name = "publications"

urlpatterns = [
    path("tai-ve/ket-qua/<int:year>/<str:name>", views.download, name="download"),
    # The results API (publications/api.py, docs/results-api.md).
    path("api/ket-qua/", include(api.urlpatterns)),
]
