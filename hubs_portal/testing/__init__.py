"""Test and benchmark tools shared by every app: a real Celery worker process and a local SMTP server.

The pytest fixtures over them (``celery_worker_process``, ``smtp_sink``) are in the root ``conftest.py``.
"""
