"""Entry point of `python -m thundeep.compare`."""

import sys

from thundeep.compare.cli import main

sys.exit(main())
