import sys

from resultsviewer.commands import main

sys.exit(main())
