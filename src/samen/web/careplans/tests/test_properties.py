"""Property test (hypothesis) of the care plan action form: any posted text is refused with a
message or cleaned into values the action accepts (issue 5, point 6)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from samen.web.careplans.forms import ActionForm
from samen.web.careplans.models import Level, Status
from samen.web.careplans.owners import owner_candidates
from samen.web.testing import SamenTestCase

text = st.text(max_size=30)
fields = st.fixed_dictionaries({}, optional={
    "title": text, "level": st.sampled_from([v for v, _ in Level.choices]) | text,
    "owner_role": st.sampled_from(["parent", "clinician", "young_person"]) | text,
    "owner_person": st.integers(-1, 20).map(str) | text, "due": text,
    "status": st.sampled_from([v for v, _ in Status.choices]) | text, "notes": text,
    "intervention_id": text, "goal": text,
})


class ActionFormPropertyTest(SamenTestCase, HypothesisTestCase):
    @settings(max_examples=100, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=fields)
    def test_any_text_is_refused_or_cleaned(self, data: dict[str, str]) -> None:
        candidates = owner_candidates(self.record)
        form = ActionForm(data, candidates=candidates, owner_roles=("parent", "clinician"),
                          goals=[], is_new=True)
        if form.is_valid():
            values = form.action_values()
            self.assertTrue(values["title"].strip())
            self.assertIn(values["owner_role"], ("parent", "clinician"))
            owner = values["owner_person"]
            self.assertTrue(owner is None or owner.pk in {c.user.pk for c in candidates})
        else:
            self.assertTrue(all(all(messages) for messages in form.errors.values()))
