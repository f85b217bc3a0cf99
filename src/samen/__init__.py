"""Samen: prevention of and support around prolonged social withdrawal of young people.

The package is layered; imports only point downwards:

* ``samen.cli`` -- the ``samen`` command;
* ``samen.instruments`` -- questionnaires, scoring, withdrawal criteria, risk profile, FHIR;
* ``samen.evidence`` -- the cited knowledge base every number comes from.
"""

__version__ = "0.1.0"
