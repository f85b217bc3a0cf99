"""Property test (hypothesis) of the screening answer form: any posted text is refused with a
message or cleaned into answers that score (issue 5, point 6)."""

from __future__ import annotations

from django.test import SimpleTestCase
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samen.instruments import get_instrument, score
from samen.web.screening.forms import ResponseForm, item_field_name

PHQA = get_instrument("phqa")
KEY = "k" * 32
answers = st.fixed_dictionaries({}, optional={
    item_field_name(item): st.text(max_size=4) | st.integers(-2, 5).map(str)
    for item in PHQA.items
})


class ResponseFormPropertyTest(SimpleTestCase):
    @settings(max_examples=150, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=answers, key=st.just(KEY) | st.text(max_size=70))
    def test_any_answers_are_refused_or_score(self, data: dict[str, str], key: str) -> None:
        form = ResponseForm({**data, "idempotency_key": key}, instrument=PHQA)
        if form.is_valid():
            self.assertEqual(set(form.answers), set(PHQA.item_ids))
            self.assertIsNotNone(score(PHQA, form.answers).total)
        else:
            self.assertTrue(all(all(messages) for messages in form.errors.values()))
