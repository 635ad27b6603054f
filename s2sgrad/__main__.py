"""`python -m s2sgrad`: the `s2sgrad` command line."""

import sys

from .cli import main

sys.exit(main())
