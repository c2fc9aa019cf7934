"""`python -m api` runs the councilkg command."""
from .cli import main

main()
