"""CLI verbs by area; each module has `register(app)`."""
