"""The population simulation: the lecture's mechanisms and prevention at four levels.

Plain library (numpy + numba); see ``docs/model.md`` for the model and ``samen.sim.kernel`` for the
step order.
"""
