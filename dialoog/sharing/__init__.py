"""Sharing by consent: what leaves the scan, only after the user agreed to exactly that.

Three exports leave the encrypted store, each its own step with its own consent:

- the shared version (`shared.py`): the report in a chosen `dialoog.report.Scope`, by default
  `Scope.shared()`, for the employer or adviser;
- the research export (`research.py`): anonymised figures only, as CSV or JSON
  (schema: docs/research-export.md);
- the network as GraphML (`network.py`), with or without names.

Every export goes through `export.export_file`: the consent is asked for what exactly will be in the
file, recorded (sealed, `consent.record_consent`) and only then is the file written. A consent that is
declined writes nothing and records nothing. Nothing here imports Textual or Rich.
"""
