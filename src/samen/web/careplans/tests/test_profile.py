"""The risk profile from stored responses and the suggestions it makes, checked by hand."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from samen.web.careplans.profile import (
    build_profile,
    intervention_card,
    roots_without_suggestion,
    suggest,
)
from samen.web.careplans.tests.support import store_response
from samen.web.screening.models import QuestionnaireResponse
from samen.web.testing import SamenTestCase
from samen.web.youth.models import Stage


class ProfileTest(SamenTestCase):
    def test_latest_response_per_instrument_sets_the_level(self) -> None:
        # PHQ-A a month ago 2 x 9 = 18 (high); today 1 x 9 = 9 (band mild 5-9: elevated). The
        # latest counts, so anxiety_depression is elevated, explained by 9 only.
        store_response(self.record, "phqa", [2] * 9, days_ago=30)
        store_response(self.record, "phqa", [1] * 9, days_ago=0)
        result = build_profile(self.record)
        self.assertEqual(result.responses_used, 2)
        self.assertEqual(result.profile.level("anxiety_depression"), "elevated")
        root = next(r for r in result.profile.roots if r.root == "anxiety_depression")
        self.assertEqual([(e.instrument, e.value) for e in root.explained_by], [("phqa", 9.0)])
        self.assertEqual(result.profile.level("attachment"), "unknown")
        self.assertEqual([r.root for r in result.at_play], ["anxiety_depression"])

    def test_unmeasured_roots_are_unknown_and_suggest_nothing(self) -> None:
        result = build_profile(self.record)
        self.assertEqual({r.level for r in result.profile.roots}, {"unknown"})
        self.assertEqual(suggest(result.profile),
                         {"parents": [], "school": [], "community": [], "care": []})

    def test_a_response_that_no_longer_scores_is_left_out_and_counted(self) -> None:
        store_response(self.record, "ucla3", [3, 3, 2])
        QuestionnaireResponse.objects.create(
            young_person=self.record, instrument_id="retired", instrument_version="1",
            scoring_version="1", answers={"q1": 1}, respondent="young_person",
            author_role="young_person", authored_at=self.record.created_at)
        result = build_profile(self.record)
        self.assertEqual((result.responses_used, len(result.unscorable)), (1, 1))
        self.assertEqual(result.profile.level("loneliness_bonds"), "elevated")

    def test_suggestions_leave_policy_out_and_rank_high_roots_first(self) -> None:
        # Loneliness elevated (UCLA-3 = 8) and anxiety/depression high (PHQ-A = 18).
        store_response(self.record, "ucla3", [3, 3, 2])
        store_response(self.record, "phqa", [2] * 9)
        grouped = suggest(build_profile(self.record).profile)
        ids = {level: [s.intervention.id for s in items] for level, items in grouped.items()}
        self.assertNotIn("policy", ids)
        self.assertEqual(ids["parents"], [])  # no parent intervention addresses these two roots
        # School: the high root's interventions first (grade A before D), then the elevated one's.
        self.assertEqual(ids["school"], [
            "school_depression_anxiety_prevention", "return_to_school_plan",
            "school_social_emotional_learning", "inclusive_school_climate"])
        # Care: those addressing both roots first (grade A, then B, then C), then one root.
        self.assertEqual(ids["care"][:4], [
            "social_skills_training", "loneliness_social_cognition",
            "mindfulness_acceptance_training", "social_work_reengagement"])
        self.assertNotIn("outreach_withdrawn_youth",  # a policy measure
                         [i for items in ids.values() for i in items])

    def test_a_root_only_policy_addresses_is_named(self) -> None:
        store_response(self.record, "smd9", [1, 1, 1, 1, 1, 1, 0, 0, 0])  # 6 >= 5: elevated
        profile = build_profile(self.record).profile
        self.assertEqual([r.root for r in roots_without_suggestion(profile)], ["technology_use"])

    def test_evidence_card_states_effect_and_certainty_in_both_languages(self) -> None:
        from samen.evidence import get_intervention

        intervention = get_intervention("self_compassion_programme")
        with translation.override("nl"):
            card = intervention_card(intervention)
            effect = card["effects"][0]  # type: ignore[index]
            self.assertEqual((effect["measure"], effect["value"], effect["interval"]),
                             ("Hedges' g", "0,4", "0,23 – 0,57"))
            self.assertEqual(str(card["grade_label"]), "A: meta-analyse van gecontroleerde studies")
            self.assertEqual(str(effect["confidence"]), "gezien in de oorspronkelijke bron")
            self.assertEqual(card["link"], "https://doi.org/10.1007/s12671-018-1037-6")
        with translation.override("en"):
            card = intervention_card(intervention)
            effect = card["effects"][0]  # type: ignore[index]
            self.assertEqual((effect["value"], effect["interval"]), ("0.4", "0.23 – 0.57"))
            self.assertEqual(card["name"], "Self-compassion programme")
            self.assertEqual(str(effect["better"]), "higher is better")


class ProfilePageTest(SamenTestCase):
    def test_page_shows_roots_scores_and_stage_in_dutch_and_english(self) -> None:
        store_response(self.record, "mini_spin", [4, 4, 3])
        self.record.stage = Stage.PRE_HIKIKOMORI
        self.record.withdrawn_weeks = 15
        self.record.severity = "moderate"
        self.record.save()
        self.login(self.clara)
        url = reverse("careplans:profile", args=[self.record.pk])
        page = self.client.get(url).content.decode()
        self.assertIn("Pre-hikikomori (3 tot 6 maanden)", page)
        self.assertIn("15 weken teruggetrokken.", page)
        self.assertIn("Ernst: matig.", page)
        self.assertIn("Mini-SPIN (totaal): 11", page)
        self.assertIn("Op basis van 1 vragenlijst;", page)
        page = self.client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        self.assertIn("Social anxiety and depression", page)
        self.assertIn("Withdrawn for 15 weeks.", page)
        self.assertIn("What may help", page)
        self.assertIn("Mini-SPIN (total): 11", page)

    def test_only_the_clinician_gets_add_buttons_for_every_level(self) -> None:
        store_response(self.record, "ucla3", [3, 3, 2])  # loneliness: 2 school, 3 community, 5 care
        url = reverse("careplans:profile", args=[self.record.pk])
        expected = {self.clara: 10, self.carla: 2, self.wout: 3, self.paul: 0, self.jet: 0}
        for user, buttons in expected.items():
            with self.subTest(user=user.username):
                self.login(user)
                page = self.client.get(url).content.decode()
                self.assertEqual(page.count("?intervention="), buttons)
