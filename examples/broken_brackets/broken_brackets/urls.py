from django.urls import path

from brackets import views

urlpatterns = [
    path("health/", views.health),
]
