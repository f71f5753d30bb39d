"""The Qt adapters over the core: table model, chart, main window, dialogs, export."""
