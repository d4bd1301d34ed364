"""Views: ipywidgets and small anywidgets. Behaviour lives in ``workshop_kit.models``."""
