"""Network meetings (issue: meetings and time polls). No models yet."""
