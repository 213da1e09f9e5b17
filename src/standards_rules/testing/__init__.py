"""Testing: public hypothesis strategies for records and rulesets, for users' own tests."""
