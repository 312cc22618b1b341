"""Helper of bench/load.sh: prepares the bench database (iwg_bench_register, built by bench/register.py with
--keep; a small one is built when it is missing), signs a user in and prints `SESSION=<cookie value>`, then lists
the queries every signed-in request makes before the view's own (the bare view) and those of the register page.

    .venv/bin/python bench/load_setup.py [--database iwg_bench_register]
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import database_url, production_environment, setup_django  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="iwg_bench_register")
    args = parser.parse_args()
    url = database_url(args.database)
    os.environ.update(production_environment(url))
    os.environ["IWG_BENCH_VIEWS"] = "1"
    setup_django(url)

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from iwg.models import Agency
    from iwg.roles import Role

    user, _ = get_user_model().objects.get_or_create(
        username="bench-mfa", defaults={"role": Role.MFA_OFFICER, "agency": Agency.objects.get(code="MFA")}
    )
    client = Client()
    client.force_login(user)
    for path in ("/bench/bare/", "/bench/bare/", "/communications/"):  # the first warms the caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    anonymous = Client()
    with CaptureQueriesContext(connection) as anonymous_queries:
        anonymous.get("/bench/bare/")
    with CaptureQueriesContext(connection) as bare_queries:
        client.get("/bench/bare/")
    print(f"queries of the bare view, no session: {len(anonymous_queries)}", file=sys.stderr)
    print(f"queries of the bare view, signed in: {len(bare_queries)}", file=sys.stderr)
    for query in bare_queries.captured_queries:
        print("   ", query["sql"][:160], file=sys.stderr)
    print(f"queries of the register page, signed in: {len(queries)}", file=sys.stderr)
    for query in queries.captured_queries:
        print("   ", query["sql"][:160], file=sys.stderr)
    print(f"SESSION={client.cookies['sessionid'].value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
