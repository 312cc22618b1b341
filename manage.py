#!/usr/bin/env python
"""Django's command-line utility for the IWG Tracker."""

import gc
import os
import sys


def main() -> None:
    # Start-up imports over a thousand modules, whose objects (about 180 000 that the collector tracks) nearly all
    # live until exit: each collection while importing walks the young ones and finds nearly nothing. With the first
    # threshold above that, `manage.py check` runs none (the default, 700, ran hundreds: a tenth of its CPU; 50 000
    # still three); a long command still collects, in steps of 200 000 new objects.
    gc.set_threshold(200_000, 20, 20)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iwg.settings.local")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
