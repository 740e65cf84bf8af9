"""Shared pytest setup: pytester for testing the scenario plugin; the hypothesis profile ``fuzz``.

``pytest tests/test_fuzz.py --hypothesis-profile=fuzz`` runs the fuzz suite with about 100,000 examples in all
(each fuzz test asks for ``fuzz_examples(n)``: n by default, n scaled by the active profile's ``max_examples``).
"""

from hypothesis import HealthCheck, settings

pytest_plugins = ["pytester"]

FUZZ_CI_EXAMPLES = 3_500
"""The fuzz suite's examples in all under the default profile (the sum of its ``fuzz_examples`` weights)."""

settings.register_profile(
    "fuzz",
    max_examples=100 * 100_000 // FUZZ_CI_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    print_blob=True,
)
