"""Testing: public hypothesis strategies, consistency properties and example runs.

For users' own tests. Ruleset-aware strategies (`datasets(ruleset)`,
`standards(ruleset)`, `indicator_values(ruleset, id)`, …) cluster values
around the ruleset's thresholds; `standards_rules.testing.records` holds the
ruleset-independent record strategies. The properties of SPEC §7 are
`check_monotone(ruleset)`, …, `check_all(ruleset)`; `run_examples(ruleset)`
runs the ruleset's `example` blocks, and `example_params` turns them into
pytest parameters.
"""

from standards_rules.testing.catalogue import PROPERTIES, PROPERTY_NAMES
from standards_rules.testing.examples import (
    ExampleResult,
    ExpectationFailure,
    run_example,
    run_examples,
)
from standards_rules.testing.properties import (
    Counterexample,
    Property,
    PropertyResult,
    check_all,
    check_deterministic,
    check_entry_exit,
    check_monotone,
    check_order_independent,
    check_property,
    check_stricter_than_reference,
    check_tier_coherence,
    check_weights_effective,
    check_withdrawal_excludes,
    run_property,
)
from standards_rules.testing.pytest_support import example_params, property_params
from standards_rules.testing.records import (
    attributes,
    conformity_reports,
    dates,
    products,
    services,
    standard_numbers,
)
from standards_rules.testing.strategies import (
    Scenario,
    as_of_dates,
    credit_codes,
    datasets,
    enterprises,
    events,
    indicator_values,
    scenarios,
    standards,
    threshold_points,
    titles,
    withdrawals,
)
from standards_rules.testing.verify import verify

__all__ = [
    "PROPERTIES",
    "PROPERTY_NAMES",
    "Counterexample",
    "ExampleResult",
    "ExpectationFailure",
    "Property",
    "PropertyResult",
    "Scenario",
    "as_of_dates",
    "attributes",
    "check_all",
    "check_deterministic",
    "check_entry_exit",
    "check_monotone",
    "check_order_independent",
    "check_property",
    "check_stricter_than_reference",
    "check_tier_coherence",
    "check_weights_effective",
    "check_withdrawal_excludes",
    "conformity_reports",
    "credit_codes",
    "datasets",
    "dates",
    "enterprises",
    "events",
    "example_params",
    "indicator_values",
    "products",
    "property_params",
    "run_example",
    "run_examples",
    "run_property",
    "scenarios",
    "services",
    "standard_numbers",
    "standards",
    "threshold_points",
    "titles",
    "verify",
    "withdrawals",
]
