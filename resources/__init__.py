"""Data shipped with Results Viewer: the default contest, examples, icons, the JSON Schema."""
