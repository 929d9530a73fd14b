"""Thin views: each fetches through `networkhub.access.project_view` and calls one service function."""
