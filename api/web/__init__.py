"""The web page: templates, static files and the small layout helpers the page routes use."""
from .templating import STATIC_DIR, render

__all__ = ["STATIC_DIR", "render"]
