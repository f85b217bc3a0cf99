"""Django's management commands for Samen: ``python3 -m samen.web.manage COMMAND`` (or
``samen manage COMMAND``)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samen.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["samen manage", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
