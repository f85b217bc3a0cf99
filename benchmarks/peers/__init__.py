"""Reference implementations of Samen's weekly model in other frameworks (Mesa, Starsim).

They exist only to measure Samen's engine against the same model written in those frameworks'
own idioms (``benchmarks/sim_throughput.py``); they are not part of the ``samen`` package.
"""
