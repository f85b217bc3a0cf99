"""Samen's weekly model written the Starsim 3.7 way: an ``ss.Module`` over ``ss.Arr`` states.

Identical to ``samen.sim.kernel.step_week`` (baseline scenario, no interventions):
* the state variables (one ``ss.Arr`` per array of ``samen.sim.population.Population``), the
  parameter values (``samen.sim.params.parameter_vector()``), the equations, the step order 0-10 of
  the kernel's docstring and the withdrawal rule (constants from ``samen.instruments.withdrawal``);
* the start population: Samen's own ``build_population`` (nl preset, ages 10-39), copied into the
  module's states in ``init_post``, with its 6 friend ties per agent;
* synchronous update: every step reads friends' *last-week* ``shared`` values before any agent's
  values are written.

What differs (Starsim's idioms, as ``shared/evidence/abm.md`` sections 1.2 and 1.4 describe them):
* the step is vectorised NumPy over whole state arrays, one pass per operation, instead of one
  fused compiled loop; the arrays are read through ``Arr.raw`` because every agent is active
  (no deaths), the fast path Starsim itself takes then (PR #843);
* random numbers come from Starsim's CRN-safe distributions, one ``ss.random()`` per decision
  (stress event, days out, each tie slot's three draws, recovery, each entrant trait), drawn for
  the agents' uids, instead of Samen's hash; single runs differ by chance, not on average;
* friends and tie strengths are 2-D ``ss.Arr`` states (``columns=6``; int32 and uint8), not an
  ``ss.Network`` edge list: ties are slots that are replaced in place, which an edge list would
  have to emulate by removing and appending edges (slower; so this choice favours Starsim);
* ``People.age`` is Starsim's own (years, float); the model's age in weeks is its own IntArr;
* step 1 (interventions) is absent: the benchmark runs the baseline, which has none;
* weekly aggregates are ``ss.Result`` series (stage counts, mean anxiety and loneliness).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import starsim as ss

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
    days_out_array,
    model_parameters,
    start_population,
    weekly_exit_chances,
)

N_FRIENDS = 6  # friends_per_agent; checked against the parameter in init_post
_ENTRY_DRAWS = 11  # the kernel's entry draws 0-10 (traits of an entrant, setting at 18 and 24)
_INT_STATES = {"age_weeks": np.int16, "sex": np.int8, "attachment": np.int8, "chronic": np.int8,
               "setting": np.int8, "run": np.int16, "since_episode": np.int16,
               "reengage": np.int8, "shared": np.int8}
_FLOAT_STATES = ("overprotection", "control", "anxiety_base", "anxiety", "mood", "loneliness",
                 "stress", "skills", "online", "shared_loneliness")


def _sigmoid(x: np.ndarray) -> np.ndarray:
    out: np.ndarray = 1.0 / (1.0 + np.exp(-x))
    return out


class Withdrawal(ss.Module):  # type: ignore[misc]
    """Going out, avoidance, technology, ties, loneliness, mood, skills and recovery per week."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.p = model_parameters()
        self.weekly_fast, self.weekly_chronic = weekly_exit_chances(self.p)
        self.define_states(
            *(ss.Arr(name, dtype=dtype, default=0) for name, dtype in _INT_STATES.items()),
            *(ss.FloatArr(name, default=0.0) for name in _FLOAT_STATES),
            ss.Arr("friends", dtype=np.int32, default=0, columns=N_FRIENDS),
            ss.Arr("ties", dtype=np.uint8, default=0, columns=N_FRIENDS),
        )
        self.rng_entry = [ss.random(name=f"entry_{k}") for k in range(_ENTRY_DRAWS)]
        self.rng_stress = ss.random(name="stress")
        self.rng_out = ss.random(name="out")
        self.rng_ties = [[ss.random(name=f"tie_{m}_{k}") for k in range(3)]
                         for m in range(N_FRIENDS)]
        self.rng_recover = ss.random(name="recover")

    def init_post(self) -> None:
        super().init_post()
        n = len(self.sim.people)
        assert int(self.p["friends_per_agent"]) == N_FRIENDS
        start = start_population(n, int(self.sim.pars.rand_seed))
        for state in self.state_list:
            state.raw[:n] = start[state.name]
        self.sim.people.age.raw[:n] = start["age_weeks"].astype(np.float32) / 52.0

    def init_results(self) -> None:
        super().init_results()
        self.define_results(
            *(ss.Result(f"n_{stage}", dtype=int, scale=True, label=stage) for stage in STAGES),
            ss.Result("mean_anxiety", dtype=float, scale=False, label="Mean anxiety"),
            ss.Result("mean_loneliness", dtype=float, scale=False, label="Mean loneliness"),
        )

    def step(self) -> None:
        p = self.p
        uids = self.sim.people.auids
        n = len(uids)
        idx = np.arange(n)
        # 0. demography
        age = self.age_weeks.raw[:n] + 1
        setting = self.setting.raw[:n]
        entering = age >= AGE_END_WEEKS
        turn18 = ~entering & (age == 18 * 52) & (setting == 1)
        turn24 = ~entering & (age == 24 * 52) & (setting == 1)
        age[entering] = AGE_MIN_WEEKS
        self.age_weeks.raw[:n] = age
        self._enter(ss.uids(idx[entering]))
        u = self.rng_entry[9].rvs(ss.uids(idx[turn18]))
        setting[idx[turn18]] = np.where(u < p["share_in_education_18_23"], 1,
                                        np.where(u > 1.0 - p["share_without_work"], 0, 2))
        u = self.rng_entry[10].rvs(ss.uids(idx[turn24]))
        setting[idx[turn24]] = np.where(u < p["share_without_work"], 0, 2)
        # 1. interventions: none in the baseline scenario
        # 2. M1 stress
        skills = self.skills.raw[:n]
        school = setting == 1
        rate = (p["stress_event_rate"] * p["societal_pressure"] * (1.0 + self.control.raw[:n])
                + school * p["bullying_extra_rate"] * (1.0 - skills))
        st = self.stress.raw[:n] * p["stress_decay"]
        st = np.clip(st + p["stress_event_size"] * (self.rng_stress.rvs(uids) < rate), 0.0, 1.0)
        # 3. going out, from what friends showed last week
        friends, ties = self.friends.raw[:n], self.ties.raw[:n]
        flags = self.shared.raw[friends]
        w = ties / np.float32(255.0)
        weight_sum = w.sum(axis=1)
        safe = np.where(weight_sum > 0.0, weight_sum, 1.0)
        pull = (w * (flags & 7) / 7.0).sum(axis=1) / safe
        friend_lonely = (w * self.shared_loneliness.raw[friends]).sum(axis=1) / safe
        good_friends = ((flags >> 3) & 1).sum(axis=1)
        anx, md, onl = self.anxiety.raw[:n], self.mood.raw[:n], self.online.raw[:n]
        lon = self.loneliness.raw[:n]
        enrolled = setting != 0
        x = (p["out_intercept"] + p["out_enrolled"] * enrolled - p["out_anxiety"] * anx
             - p["out_stress"] * st - p["out_mood"] * md - p["out_online"] * onl
             + p["out_friend_pull"] * pull - p["out_overprotection"] * self.overprotection.raw[:n]
             + p["out_skills"] * skills)
        reengage = self.reengage.raw[:n]
        boosted = reengage > 0
        x = x + p["reengage_boost"] * boosted
        reengage[boosted] -= 1
        days = days_out_array(_sigmoid(x), self.rng_out.rvs(uids))
        participates = enrolled & (days > WITHDRAWN_MAX_DAYS_OUT)
        withdrawn = ~participates & (days <= WITHDRAWN_MAX_DAYS_OUT)
        # 4. M2 avoidance
        st = np.where(withdrawn, st * p["relief"], st)
        anx = np.clip(np.where(withdrawn, anx + p["sensitisation"] * (1.0 - anx),
                               anx - p["habituation"] * (days / 7.0)
                               * (anx - self.anxiety_base.raw[:n])), 0.0, 1.0)
        # 5. M3 technology
        target = (p["online_base"] + p["online_home"] * (7 - days) / 7.0
                  + p["online_lonely"] * lon)
        onl = np.clip(onl + p["online_adjust"] * (np.maximum(target, 0.0) - onl), 0.0, 16.0)
        sleep = np.clip((onl - p["sleep_threshold_hours"]) / 4.0, 0.0, 1.0)
        # 6. M6 ties and loneliness
        strength = self._update_ties(idx, flags, days, skills) / N_FRIENDS
        insecure = self.attachment.raw[:n] != 0
        lon_target = _sigmoid(p["lonely_intercept"] - p["lonely_contacts"] * np.log1p(days)
                              - p["lonely_ties"] * strength + p["lonely_anxiety"] * anx
                              + p["lonely_attachment"] * insecure)
        lon_target += p["lonely_contagion"] * (friend_lonely - lon)
        lon = np.clip(lon + p["state_adjust"] * (lon_target - lon), 0.0, 1.0)
        # 7. mood
        md_target = _sigmoid(p["mood_intercept"] + p["mood_lonely"] * lon
                             + p["mood_stress"] * st + p["mood_sleep"] * sleep)
        change = p["state_adjust"] * (md_target - md)
        change = np.where((change > 0.0) & (good_friends >= 5),
                          change * p["mood_healthy_friends"], change)
        md = np.clip(md + change, 0.0, 1.0)
        # 8. M7 development
        grows = participates | (days > WITHDRAWN_MAX_DAYS_OUT)
        skills = np.clip(np.where(grows, skills + p["skill_growth"] * (1.0 - skills),
                                  np.where(withdrawn, skills - p["skill_decay"] * skills,
                                           skills)), 0.0, 1.0)
        # 9. M8 recovery
        run = self.run.raw[:n]
        may_recover = idx[withdrawn & (run > 0)]
        hazard = np.where(self.chronic.raw[may_recover] == 1, self.weekly_chronic,
                          self.weekly_fast)
        hazard = np.where(run[may_recover] >= HIK_WEEKS, hazard * p["hysteresis"], hazard)
        recovers = may_recover[self.rng_recover.rvs(ss.uids(may_recover)) < hazard]
        reengage[recovers] = int(p["reengage_weeks"])
        # 10. bookkeeping
        since = self.since_episode.raw[:n]
        since = np.where(withdrawn, -1, np.where(run >= PRE_WEEKS, 0, since))
        run = np.where(withdrawn, np.minimum(run + 1, RUN_CAP), 0)
        since = np.where(since >= 0, since + 1, since)
        since = np.where(since > RECOVERING_WEEKS, -1, since)
        self.run.raw[:n], self.since_episode.raw[:n] = run, since
        self.anxiety.raw[:n], self.mood.raw[:n], self.loneliness.raw[:n] = anx, md, lon
        self.stress.raw[:n], self.skills.raw[:n], self.online.raw[:n] = st, skills, onl
        self.shared.raw[:n] = days | ((md < 0.5) << 3)
        self.shared_loneliness.raw[:n] = lon

    def update_results(self) -> None:
        super().update_results()
        n = len(self.sim.people.auids)
        run, since = self.run.raw[:n], self.since_episode.raw[:n]
        stage = np.select([run >= HIK_WEEKS, run >= PRE_WEEKS, run >= 1, since >= 0],
                          [3, 2, 1, 4], 0)
        counts = np.bincount(stage, minlength=len(STAGES))
        for k, name in enumerate(STAGES):
            self.results[f"n_{name}"][self.ti] = counts[k]
        self.results.mean_anxiety[self.ti] = self.anxiety.raw[:n].mean()
        self.results.mean_loneliness[self.ti] = self.loneliness.raw[:n].mean()

    def _enter(self, entrants: ss.uids) -> None:
        """New entrants at the lowest age take the places of those who aged out."""
        p = self.p
        u = [dist.rvs(entrants) for dist in self.rng_entry[:9]]
        secure, avoidant = p["attachment_secure"], p["attachment_avoidant"]
        attachment = np.where(u[0] < secure, 0, np.where(u[0] < secure + avoidant, 1, 2))
        insecure = attachment != 0
        self.attachment.raw[entrants] = attachment
        self.sex.raw[entrants] = u[1] < p["share_male"]
        self.chronic.raw[entrants] = u[2] < p["chronic_share"]
        base = 0.05 + 0.35 * u[3] + 0.08 * insecure
        self.anxiety_base.raw[entrants] = base
        self.anxiety.raw[entrants] = base
        self.mood.raw[entrants] = 0.05 + 0.3 * u[4]
        self.loneliness.raw[entrants] = 0.05 + 0.4 * u[5]
        self.skills.raw[entrants] = 0.4 + 0.4 * u[6] - 0.05 * insecure
        self.overprotection.raw[entrants] = 0.6 * u[7]
        self.control.raw[entrants] = 0.6 * u[8]
        self.stress.raw[entrants] = 0.0
        self.online.raw[entrants] = p["online_base"]
        self.run.raw[entrants] = 0
        self.since_episode.raw[entrants] = -1
        self.reengage.raw[entrants] = 0
        self.setting.raw[entrants] = 1
        self.ties.raw[entrants] = 96

    def _update_ties(self, idx: np.ndarray, flags: np.ndarray, days: np.ndarray,
                     skills: np.ndarray) -> np.ndarray:
        """Grow used ties, decay unused ones, replace weak ones; return the summed strength."""
        p = self.p
        n = idx.shape[0]
        friends, ties = self.friends.raw[:n], self.ties.raw[:n]
        secure = self.attachment.raw[:n] == 0
        form = p["tie_formation"] * skills * np.where(secure, 1.0, 0.6)
        out = days > 0
        strength = np.zeros(n, dtype=np.float32)
        for m in range(N_FRIENDS):
            t = ties[:, m].astype(np.float32)
            used = out & ((flags[:, m] & 7) > 0)
            t = np.where(used, t + p["tie_growth"] * (255.0 - t), t - p["tie_decay"] * t)
            weak = idx[(t < 32.0) & out]
            draw_form, draw_offset, draw_sign = self.rng_ties[m]
            forms = weak[draw_form.rvs(ss.uids(weak)) < form[weak]]
            offset = 1 + (draw_offset.rvs(ss.uids(forms)) * TIE_WINDOW).astype(np.int64)
            offset = np.where(draw_sign.rvs(ss.uids(forms)) < 0.5, -offset, offset)
            j = (forms + offset) % n
            moved = j != forms
            friends[forms[moved], m] = j[moved]
            t[forms[moved]] = 64.0
            ties[:, m] = np.clip(t, 0.0, 255.0).astype(np.uint8)
            strength += t / np.float32(255.0)
        return strength


def make_sim(n: int, weeks: int, seed: int = 1) -> ss.Sim:
    """A Starsim simulation of ``n`` agents for ``weeks`` (>= 2) weekly steps, not initialised.

    Starsim steps at every point of its time vector, start and end included, so a duration of
    ``weeks - 1`` gives ``weeks`` steps.
    """
    if weeks < 2:
        raise ValueError(f"weeks must be at least 2, got {weeks}")
    return ss.Sim(n_agents=n, dt=ss.week, start=0, dur=ss.weeks(weeks - 1), rand_seed=seed,
                  modules=[Withdrawal()], verbose=0)
