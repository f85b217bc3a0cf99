"""The web platform: one young person, one care team, one plan (Django 5.2 LTS).

One Django app per domain concept (``accounts``, ``youth``, ``audit``, ``screening``,
``monitoring``, ``careplans``, ``alerts``, ``dashboard``, ``api``, ``fhir``), each with its models,
views, templates and tests beside it. Nothing below ``samen.web`` imports Django.
"""
