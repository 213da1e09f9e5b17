"""The syntax stage: ruleset text → lark parse tree → typed AST."""

from standards_rules.syntax.lower import lower, lower_file
from standards_rules.syntax.parser import parse_tree

__all__ = ["lower", "lower_file", "parse_tree"]
