"""Run the command line as ``python -m assessment_builder``."""

from .cli import main

if __name__ == "__main__":  # pragma: no cover
    main()
