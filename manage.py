#!/usr/bin/env python
"""Django's command-line utility for the IWG Tracker."""

import gc
import os
import sys


def main() -> None:
    # Start-up imports a few thousand modules, which create objects faster than they die: with the default
    # threshold (700) the collector runs hundreds of times while importing and finds nearly nothing. A command
    # collects less often instead (about a tenth of `manage.py check`'s CPU time; bench/startup.py).
    gc.set_threshold(50_000, 20, 20)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iwg.settings.local")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
