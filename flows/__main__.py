"""`python -m flows` is `newsware`, for environments where the console script is not on PATH."""
from flows.cli import main

main()
