"""PyInstaller runtime hook: runs in the frozen app before any of its code.

pyqtgraph must use PySide6, the only Qt binding frozen in; it would otherwise probe for
PyQt5/PyQt6/PySide2 first. A user's own setting is kept.
"""

import os

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
