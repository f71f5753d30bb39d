"""PyInstaller runtime hook: runs in the frozen app before any of its code.

pyqtgraph must use PySide6, the only Qt binding frozen in; it would otherwise probe for
PyQt5/PyQt6/PySide2 first. A user's own setting is kept.

PySide6.QtOpenGL is left out of the app (8.9 MB; see resultsviewer.spec), but pyqtgraph
imports it when it is imported (PlotCurveItem, PColorMeshItem, RawImageWidget,
OpenGLHelpers) and uses it only to draw through OpenGL, which the app never turns on. A
stand-in module takes its place, found only when no real one is (last on sys.meta_path);
any name asked of it raises an AttributeError that says why.
"""

import os
import sys
from importlib.machinery import ModuleSpec

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

LEFT_OUT = "PySide6.QtOpenGL"


def _left_out_attribute(name: str) -> object:
    if name.startswith("__"):
        raise AttributeError(name)  # hasattr(module, "__path__") and the like: plainly absent
    raise AttributeError(
        f"{LEFT_OUT}.{name}: Qt's OpenGL module is left out of the Results Viewer app, which draws without OpenGL"
    )


class _LeftOutModuleFinder:
    """Finds the stand-in of a module left out of the freeze; loads it as an empty module."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        return ModuleSpec(name, _LeftOutModuleFinder) if name == LEFT_OUT else None

    @staticmethod
    def create_module(spec):
        return None  # the default module object

    @staticmethod
    def exec_module(module):
        module.__getattr__ = _left_out_attribute


sys.meta_path.append(_LeftOutModuleFinder)
