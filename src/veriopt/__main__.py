"""`python -m veriopt` is the `veriopt` command."""

import sys

from veriopt.cli import main

sys.exit(main())
