from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.demo import DEMO_PASSWORD, DEMO_USERS, load_demo


class Command(BaseCommand):
    help = "Load demo users (one per role) and a dozen communications at every stage. Development only."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo data is refused when DEBUG is off: it creates users with known passwords.")
        load_demo()
        self.stdout.write(f"Demo users (password for all: {DEMO_PASSWORD}):")
        for username, _first, _last, role, agency, _head, _lang in DEMO_USERS:
            self.stdout.write(f"  {username:<10} {role.label} ({agency})")
