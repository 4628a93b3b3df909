"""Work Group pages, one module per concern and role. Thin: parse, check permission (wrong hub → 404), call a
service or selector, render or redirect. ``workgroups/urls.py`` names each page."""
