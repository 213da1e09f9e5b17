"""`python -m standards_rules` is the command line."""

from standards_rules.cli import main

main()
