"""Commitment letters and network rules (issue: online signing). No models yet."""
