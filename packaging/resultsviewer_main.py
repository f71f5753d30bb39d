"""What the frozen app runs: the same ``resultsviewer`` command that ``pip install`` makes.

Without arguments it opens the window; ``resultsviewer FILE`` opens FILE (what a
double-clicked contest file does through the desktop entry or the file association);
``resultsviewer COMMAND ...`` runs a subcommand.
"""

import sys

from resultsviewer.commands import main

if __name__ == "__main__":
    sys.exit(main())
