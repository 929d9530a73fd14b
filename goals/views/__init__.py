"""Thin views: each fetches through the project access helpers and calls one service function."""
