"""`python -m desktop` runs the same command as `doingoai`."""

from desktop.cli import main

raise SystemExit(main())
