"""``python -m newsweave.cli``: the ``newsweave`` command."""
import sys

from newsweave.cli.main import main

sys.exit(main())
