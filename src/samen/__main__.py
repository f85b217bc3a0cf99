"""Allow ``python -m samen``."""

import sys

from samen.cli.main import main

sys.exit(main())
