"""Results Viewer: look at, check, edit and publish the results of contests decided by votes."""

__version__ = "0.1.0"
