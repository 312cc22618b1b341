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

    try:
        execute_from_command_line(sys.argv)
    finally:
        # The command is over (its atexit handlers, such as logging's flush, still run): the interpreter's shutdown
        # would walk every object the command left, module by module, looking for cycles to free in a process about
        # to end (about 120 ms of CPU after `check`, a third of the command). Frozen objects are not walked; the
        # memory goes back to the system at exit all the same.
        gc.freeze()


if __name__ == "__main__":
    main()
