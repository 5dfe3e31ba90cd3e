"""URLs for the tasks pages (see views_tasks.py): the lists, a task's page and its actions, and adding
a task to a case."""

from django.urls import path

from . import views_tasks

urlpatterns = [
    path("tasks/", views_tasks.my_tasks, name="my-tasks"),
    path("tasks/overdue/", views_tasks.overdue_tasks, name="overdue-tasks"),
    path("tasks/<int:pk>/", views_tasks.task_detail, name="task-detail"),
    path("tasks/<int:pk>/accept/", views_tasks.accept_task, name="task-accept"),
    path("tasks/<int:pk>/done/", views_tasks.complete_task, name="task-done"),
    path("tasks/<int:pk>/cannot-do/", views_tasks.decline_task, name="task-cannot-do"),
    path("tasks/<int:pk>/reassign/", views_tasks.reassign_task, name="task-reassign"),
    path("tasks/<int:pk>/person/", views_tasks.name_person, name="task-person"),
    path("cases/<int:pk>/tasks/new/", views_tasks.task_add, name="task-add"),
]
