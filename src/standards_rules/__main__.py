"""`python -m standards_rules` is the command line."""

from standards_rules.program import run

run()
