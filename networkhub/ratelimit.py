"""Rate limits on the endpoints a stranger can reach: password reset, invitation acceptance and the
e-mailed links (signing, meetings, pulse), plus the two-factor code prompt.

A fixed window per client address and limit in the cache (settings.RATE_LIMITS: name -> (path prefixes,
methods, requests, seconds)). Beyond the limit the answer is 429 with a translated page, and the first
refusal in a window is a security event. A middleware rather than decorators, so that the apps that own
the link views need not know about it.
"""

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from .models import SecurityEventKind
from .security import client_ip, record_security_event


def _limit_for(request):
    for name, (prefixes, methods, limit, seconds) in settings.RATE_LIMITS.items():
        if request.method in methods and request.path.startswith(tuple(prefixes)):
            return name, limit, seconds
    return None


def hit(name, key, limit, seconds, now=None):
    """Count one request; return (allowed, seconds until the window ends, count)."""
    now = time.time() if now is None else now
    window = int(now // seconds)
    cache_key = f"ratelimit:{name}:{key}:{window}"
    cache.add(cache_key, 0, seconds + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, seconds + 1)
        count = 1
    return count <= limit, (window + 1) * seconds - now, count


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = _limit_for(request)
        if found is not None:
            name, limit, seconds = found
            allowed, retry_after, count = hit(name, client_ip(request) or "unknown", limit, seconds)
            if not allowed:
                if count == limit + 1:
                    user = request.user if request.user.is_authenticated else None
                    record_security_event(
                        SecurityEventKind.RATE_LIMITED, user=user, request=request, limit=name, path=request.path
                    )
                response = render(
                    request, "429.html", {"retry_minutes": max(1, math.ceil(retry_after / 60))}, status=429
                )
                response["Retry-After"] = str(max(1, math.ceil(retry_after)))
                return response
        return self.get_response(request)
