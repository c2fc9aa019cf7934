"""Documents in, commitments out: `read_path(path)` and `read_text(text, name)`."""
from .read import detect, read_path, read_text

__all__ = ["detect", "read_path", "read_text"]
