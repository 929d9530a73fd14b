"""Thin views: each fetches through `partners.access.project_view` and calls one service function."""
