"""`python -m coachcli` is the same program as `coach`."""

from coachcli.cli import main

main()
