"""Small, valid, synthetic TOML entries that the rule tests break one key at a time."""

from __future__ import annotations

INTERVENTION = """
[[interventions]]
id = "test_programme"
level = "school"
name = { nl = "Testprogramma", en = "Test programme" }
summary = { nl = "Een synthetisch programma.", en = "A synthetic programme." }
roots = ["anxiety_depression"]
mechanisms = ["M2"]
moves = ["depressed_mood"]
target_group = "universal"
grade = "A"
source = { confidence = "verified", citation = "Synthetic A (2020). Test J 1:1", doi = "10.1234/test.1" }

[[interventions.effects]]
state = "depressed_mood"
favourable = "higher"
measure = "hedges_g"
value = 0.21
ci_low = 0.10
ci_high = 0.30
outcome = { nl = "Somberheid", en = "Low mood" }
population = { nl = "Synthetisch", en = "Synthetic" }
source = { confidence = "verified", citation = "Synthetic A (2020). Test J 1:1" }

[interventions.cost]
value = 10.0
currency = "EUR"
unit = "per_participant"
year = 2020
source = { confidence = "assumption", note = "Synthetic test cost." }
"""

ROOT = """
[[roots]]
id = "attachment"
name = { nl = "Hechting", en = "Attachment" }
description = { nl = "Synthetisch.", en = "Synthetic." }
lecture_section = "Hechtingsproblemen"
mechanisms = ["M4"]
source = { confidence = "secondary", citation = "Synthetic lecture (2025)" }

[[roots.raises]]
target = "loneliness"
effect = { measure = "correlation", value = 0.38, outcome = { nl = "Eenzaamheid", en = "Loneliness" }, population = { nl = "Synthetisch", en = "Synthetic" } }
note = { nl = "Synthetisch.", en = "Synthetic." }
source = { confidence = "verified", citation = "Synthetic B (2021). Test J 2:2" }
"""

CALIBRATION = """
[[definitions]]
id = "test_definition"
name = { nl = "Testdefinitie", en = "Test definition" }
description = { nl = "Synthetisch.", en = "Synthetic." }
source = { confidence = "assumption", note = "Synthetic definition." }

[[prevalence]]
id = "test_prevalence"
country = "NL"
survey = "Synthetic survey"
year = 2020
age_low = 15
age_high = 39
definition = "test_definition"
value = 0.02
ci_low = 0.01
ci_high = 0.03
sample_size = 1000
cases = 20
role = "fit"
source = { confidence = "assumption", note = "Synthetic target." }

[[distributions]]
id = "test_duration"
kind = "duration_years"
country = "NL"
survey = "Synthetic survey"
year = 2020
definition = "test_definition"
complete = true
bands = [
  { low = 0.5, high = 1, share = 0.4 },
  { low = 1, high = 3, share = 0.35 },
  { low = 3, share = 0.25 },
]
role = "fit"
source = { confidence = "assumption", note = "Synthetic target." }

[[sex_ratio]]
id = "test_sex"
country = "NL"
survey = "Synthetic survey"
year = 2020
definition = "test_definition"
share_male = 0.6
share_female = 0.4
role = "fit"
source = { confidence = "assumption", note = "Synthetic target." }

[[indicators]]
id = "test_indicator"
country = "NL"
year = 2020
unit = "count"
value = 1200
description = { nl = "Synthetisch.", en = "Synthetic." }
role = "context"
source = { confidence = "assumption", note = "Synthetic target." }
"""

PARAMETER = """
[[parameters]]
id = "test_parameter"
group = "natural_history"
unit = "probability_per_year"
value = 0.45
low = 0.40
high = 0.50
description = { nl = "Synthetisch.", en = "Synthetic." }
source = { confidence = "derived", citation = "Synthetic C (2022)", note = "Midpoint of a synthetic range." }
"""


def swap(text: str, old: str, new: str) -> str:
    """``text`` with ``old`` replaced once; fails loudly if the snippet no longer contains it."""
    assert text.count(old) == 1, f"snippet must contain {old!r} exactly once"
    return text.replace(old, new)
