"""Samen's weekly model written the Mesa 3 way: one ``mesa.Agent`` object per young person.

Identical to ``samen.sim.kernel.step_week`` (baseline scenario, no interventions):
* the state variables (one attribute per array of ``samen.sim.population.Population``), the
  parameter values (``samen.sim.params.parameter_vector()``), the equations, the step order 0-10 of
  the kernel's docstring and the withdrawal rule (constants from ``samen.instruments.withdrawal``);
* the start population: Samen's own ``build_population`` (nl preset, ages 10-39), copied into
  agent objects, including the 6 friend ties per agent and their strengths;
* synchronous update: an agent reads only what its friends showed *last* week. ``step`` writes
  next week's shared values, ``advance`` publishes them (Mesa's ``do("step")`` / ``do("advance")``
  idiom for simultaneous activation).

What differs:
* random numbers come from the model's ``random.Random`` (Mesa's ``model.random``), one call per
  draw, instead of Samen's counter-based hash, so single runs differ by chance, not on average;
* state is held in Python floats and ints (float64) instead of float32/int8/int16 arrays; a tie
  strength is an int 0-255 like Samen's uint8;
* friends are references to agent objects (``self.friends``), tie strengths a list per agent;
  friend replacement picks the agent at index ``i + offset`` from ``model.people``;
* step 1 (interventions) is absent: the benchmark runs the baseline, which has none;
* weekly aggregates are a stage count and population means in the model, not per chunk.
"""

from __future__ import annotations

import math
from typing import Any

import mesa

from benchmarks.peers.common import (
    AGE_END_WEEKS,
    AGE_MIN_WEEKS,
    HIK_WEEKS,
    PRE_WEEKS,
    RECOVERING_WEEKS,
    RUN_CAP,
    STAGES,
    TIE_WINDOW,
    WITHDRAWN_MAX_DAYS_OUT,
    clip01,
    days_out,
    model_parameters,
    sigmoid,
    stage_of,
    start_population,
    weekly_exit_chances,
)

_LOG1P_DAYS = tuple(math.log1p(d) for d in range(8))


class YoungPerson(mesa.Agent):  # type: ignore[misc]
    """One young person; attribute names are those of Samen's Population arrays."""

    age_weeks: int
    sex: int
    attachment: int
    chronic: int
    setting: int
    overprotection: float
    control: float
    anxiety_base: float
    anxiety: float
    mood: float
    loneliness: float
    stress: float
    skills: float
    online: float
    run: int
    since_episode: int
    reengage: int
    shared: int
    shared_loneliness: float

    def __init__(self, model: WithdrawalModel, index: int, state: dict[str, Any]) -> None:
        super().__init__(model)
        self.index = index
        for name, value in state.items():
            setattr(self, name, value)
        self.friends: list[YoungPerson] = []
        self.ties: list[int] = []
        self.next_shared = 0
        self.next_shared_loneliness = 0.0

    def step(self) -> None:
        """One week for this agent: steps 0-10 of the kernel, fused, in its order."""
        model: WithdrawalModel = self.model
        p, draw = model.p, model.random.random
        # 0. demography
        age = self.age_weeks + 1
        if age >= AGE_END_WEEKS:
            age = AGE_MIN_WEEKS
            self._enter(p, draw)
        elif age == 18 * 52 and self.setting == 1:
            u = draw()
            if u < p["share_in_education_18_23"]:
                self.setting = 1
            elif u > 1.0 - p["share_without_work"]:
                self.setting = 0
            else:
                self.setting = 2
        elif age == 24 * 52 and self.setting == 1:
            self.setting = 0 if draw() < p["share_without_work"] else 2
        self.age_weeks = age
        # 1. interventions: none in the baseline scenario
        # 2. M1 stress
        school = 1.0 if self.setting == 1 else 0.0
        rate = (p["stress_event_rate"] * p["societal_pressure"] * (1.0 + self.control)
                + school * p["bullying_extra_rate"] * (1.0 - self.skills))
        st = self.stress * p["stress_decay"]
        if draw() < rate:
            st += p["stress_event_size"]
        st = clip01(st)
        # 3. going out, from what friends showed last week
        pull = weight_sum = friend_lonely = 0.0
        good_friends = 0
        for friend, tie in zip(self.friends, self.ties, strict=True):
            w = tie / 255.0
            flags = friend.shared
            pull += w * (flags & 7) / 7.0
            friend_lonely += w * friend.shared_loneliness
            weight_sum += w
            good_friends += (flags >> 3) & 1
        if weight_sum > 0.0:
            pull /= weight_sum
            friend_lonely /= weight_sum
        anx, md, sk, onl = self.anxiety, self.mood, self.skills, self.online
        enrolled = 1.0 if self.setting != 0 else 0.0
        x = (p["out_intercept"] + p["out_enrolled"] * enrolled - p["out_anxiety"] * anx
             - p["out_stress"] * st - p["out_mood"] * md - p["out_online"] * onl
             + p["out_friend_pull"] * pull - p["out_overprotection"] * self.overprotection
             + p["out_skills"] * sk)
        if self.reengage > 0:
            x += p["reengage_boost"]
            self.reengage -= 1
        days = days_out(sigmoid(x), draw())
        participates = enrolled > 0.0 and days > WITHDRAWN_MAX_DAYS_OUT
        withdrawn = (not participates) and days <= WITHDRAWN_MAX_DAYS_OUT
        # 4. M2 avoidance
        if withdrawn:
            st *= p["relief"]
            anx += p["sensitisation"] * (1.0 - anx)
        else:
            anx -= p["habituation"] * (days / 7.0) * (anx - self.anxiety_base)
        anx = clip01(anx)
        # 5. M3 technology
        target = (p["online_base"] + p["online_home"] * (7 - days) / 7.0
                  + p["online_lonely"] * self.loneliness)
        onl = min(16.0, max(0.0, onl + p["online_adjust"] * (max(0.0, target) - onl)))
        sleep = clip01((onl - p["sleep_threshold_hours"]) / 4.0)
        # 6. M6 ties and loneliness
        strength = self._update_ties(p, draw, sk, days)
        insecure = 0.0 if self.attachment == 0 else 1.0
        lon = self.loneliness
        lon_target = sigmoid(p["lonely_intercept"] - p["lonely_contacts"] * _LOG1P_DAYS[days]
                             - p["lonely_ties"] * strength + p["lonely_anxiety"] * anx
                             + p["lonely_attachment"] * insecure)
        lon_target += p["lonely_contagion"] * (friend_lonely - lon)
        lon = clip01(lon + p["state_adjust"] * (lon_target - lon))
        # 7. mood
        md_target = sigmoid(p["mood_intercept"] + p["mood_lonely"] * lon + p["mood_stress"] * st
                            + p["mood_sleep"] * sleep)
        change = p["state_adjust"] * (md_target - md)
        if change > 0.0 and good_friends >= 5:
            change *= p["mood_healthy_friends"]
        md = clip01(md + change)
        # 8. M7 development
        if participates or days > WITHDRAWN_MAX_DAYS_OUT:
            sk += p["skill_growth"] * (1.0 - sk)
        elif withdrawn:
            sk -= p["skill_decay"] * sk
        sk = clip01(sk)
        # 9. M8 recovery
        if withdrawn and self.run > 0:
            hazard = model.weekly_chronic if self.chronic == 1 else model.weekly_fast
            if self.run >= HIK_WEEKS:
                hazard *= p["hysteresis"]
            if draw() < hazard:
                self.reengage = int(p["reengage_weeks"])
        # 10. bookkeeping
        r, since = self.run, self.since_episode
        if withdrawn:
            r, since = min(r + 1, RUN_CAP), -1
        else:
            if r >= PRE_WEEKS:
                since = 0
            r = 0
        if since >= 0:
            since += 1
            if since > RECOVERING_WEEKS:
                since = -1
        self.run, self.since_episode = r, since
        model.stage_counts[stage_of(r, since)] += 1
        model.sum_anxiety += anx
        model.sum_loneliness += lon
        self.anxiety, self.mood, self.loneliness = anx, md, lon
        self.stress, self.skills, self.online = st, sk, onl
        self.next_shared = days | ((1 if md < 0.5 else 0) << 3)
        self.next_shared_loneliness = lon

    def advance(self) -> None:
        """Publish this week's days out, mood and loneliness to friends for next week."""
        self.shared = self.next_shared
        self.shared_loneliness = self.next_shared_loneliness

    def _enter(self, p: dict[str, float], draw: Any) -> None:
        """A new entrant at the lowest age takes this agent's place (same friend slots)."""
        u = draw()
        self.attachment = 0 if u < p["attachment_secure"] else (
            1 if u < p["attachment_secure"] + p["attachment_avoidant"] else 2)
        insecure = 0.0 if self.attachment == 0 else 1.0
        self.sex = 1 if draw() < p["share_male"] else 0
        self.chronic = 1 if draw() < p["chronic_share"] else 0
        self.anxiety_base = 0.05 + 0.35 * draw() + 0.08 * insecure
        self.anxiety = self.anxiety_base
        self.mood = 0.05 + 0.3 * draw()
        self.loneliness = 0.05 + 0.4 * draw()
        self.skills = 0.4 + 0.4 * draw() - 0.05 * insecure
        self.overprotection = 0.6 * draw()
        self.control = 0.6 * draw()
        self.stress, self.online = 0.0, p["online_base"]
        self.run, self.since_episode, self.reengage, self.setting = 0, -1, 0, 1
        self.ties = [96] * len(self.ties)

    def _update_ties(self, p: dict[str, float], draw: Any, sk: float, days: int) -> float:
        """Grow used ties, decay unused ones, replace weak ones; return mean strength (0-1)."""
        model: WithdrawalModel = self.model
        form = p["tie_formation"] * sk * (1.0 if self.attachment == 0 else 0.6)
        strength = 0.0
        for m, friend in enumerate(self.friends):
            t = float(self.ties[m])
            if days > 0 and (friend.shared & 7) > 0:
                t += p["tie_growth"] * (255.0 - t)
            else:
                t -= p["tie_decay"] * t
            if t < 32.0 and days > 0 and draw() < form:
                offset = 1 + int(draw() * TIE_WINDOW)
                if draw() < 0.5:
                    offset = -offset
                j = (self.index + offset) % len(model.people)
                if j != self.index:
                    self.friends[m] = model.people[j]
                    t = 64.0
            self.ties[m] = int(min(255.0, max(0.0, t)))
            strength += t / 255.0
        return strength / len(self.friends)


class WithdrawalModel(mesa.Model):  # type: ignore[misc]
    """The population of young people; ``step`` runs one week for everyone."""

    def __init__(self, n: int, seed: int = 1) -> None:
        super().__init__(seed=seed)
        self.p = model_parameters()
        self.weekly_fast, self.weekly_chronic = weekly_exit_chances(self.p)
        start = start_population(n, seed)
        friends, ties = start.pop("friends").tolist(), start.pop("ties").tolist()
        start.pop("district")  # not read by the weekly step
        columns = {name: values.tolist() for name, values in start.items()}
        self.people = [
            YoungPerson(self, i, {name: column[i] for name, column in columns.items()})
            for i in range(n)
        ]
        for person, slots, strengths in zip(self.people, friends, ties, strict=True):
            person.friends = [self.people[j] for j in slots]
            person.ties = strengths
        self.stage_counts = [0] * len(STAGES)
        self.sum_anxiety = self.sum_loneliness = 0.0

    def step(self) -> None:
        self.stage_counts = [0] * len(STAGES)
        self.sum_anxiety = self.sum_loneliness = 0.0
        self.agents.do("step")
        self.agents.do("advance")

    def mean_anxiety(self) -> float:
        return self.sum_anxiety / len(self.people)

    def mean_loneliness(self) -> float:
        return self.sum_loneliness / len(self.people)
