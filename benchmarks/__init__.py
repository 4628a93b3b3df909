"""``make bench``: the portal's figures at network scale, on networks written by ``seed_network``.

``python -m benchmarks`` (what ``make bench`` runs) seeds scales 0.1 and 1.0 into their own PostgreSQL databases,
measures the key pages at both, the find page against a bare view under gunicorn, the GIAS import against a
``COPY`` of the same file and the reminders' delivery rate, then writes ``bench/RESULTS.md``. Each stage runs in
its own process (``python -m benchmarks.<stage>``) against one database and prints its figures as JSON.
"""
