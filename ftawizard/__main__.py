"""``python -m ftawizard``."""

import sys

from ftawizard.cli import main

sys.exit(main())
