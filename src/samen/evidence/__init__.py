"""The cited knowledge base: roots, mechanisms, interventions, calibration targets, parameters.

Every number carries a :class:`~samen.evidence.sources.Source`. The data live in TOML files under
``samen/evidence/data`` and are validated completely when loaded, so a wrong entry fails at start-up
(and in the test suite) with a message that names the file, the entry and the key.

The report (``samen.evidence.report``) is not imported here: it needs ``rich``, which callers that
only read data (``samen.instruments``, the simulation) should not pay for.
"""

from samen.evidence.calibration import (
    CalibrationTargets,
    load_calibration_targets,
    read_calibration_targets,
)
from samen.evidence.errors import (
    EvidenceDataError,
    EvidenceError,
    UnknownEntryError,
    UnknownFormatError,
    UnknownLevelError,
)
from samen.evidence.interventions import (
    Intervention,
    get_intervention,
    load_interventions,
    read_interventions,
)
from samen.evidence.mechanisms import Mechanism, get_mechanism, load_mechanisms, read_mechanisms
from samen.evidence.parameters import Parameter, get_parameter, load_parameters, read_parameters
from samen.evidence.roots import Root, get_root, load_roots, read_roots
from samen.evidence.sources import Source

__all__ = [
    "CalibrationTargets",
    "EvidenceDataError",
    "EvidenceError",
    "Intervention",
    "Mechanism",
    "Parameter",
    "Root",
    "Source",
    "UnknownEntryError",
    "UnknownFormatError",
    "UnknownLevelError",
    "get_intervention",
    "get_mechanism",
    "get_parameter",
    "get_root",
    "load_calibration_targets",
    "load_interventions",
    "load_mechanisms",
    "load_parameters",
    "load_roots",
    "read_calibration_targets",
    "read_interventions",
    "read_mechanisms",
    "read_parameters",
    "read_roots",
]
