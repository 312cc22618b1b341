"""Container healthcheck of a web replica (docker-compose): GET /ready/ on this container's gunicorn, as the proxy
would send it (an allowed Host, X-Forwarded-Proto https so that no redirect to HTTPS is answered). Exit 0 when it
answers 200; else 1, printing what is wrong (the JSON body names each failing check)."""

import os
import sys
import urllib.error
import urllib.request

host = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")[0].strip()
request = urllib.request.Request(  # noqa: S310 (loopback)
    "http://127.0.0.1:8000/ready/", headers={"Host": host, "X-Forwarded-Proto": "https"}
)
try:
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
        sys.exit(0 if response.status == 200 else 1)
except urllib.error.HTTPError as error:
    print(error.read().decode(errors="replace")[:2000])
    sys.exit(1)
except OSError as error:
    print(error)
    sys.exit(1)
