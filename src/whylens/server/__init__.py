"""The HTTP service: health, the query API and the dashboard, over one workspace."""
