"""Keeping a session: one keeper (`keeper.py`) that saves after every answer, for the terminal app and
for `dialoog play --data-dir` (`headless.py`). Between the engine and the store; imports neither a UI
nor a front end, and reports through callbacks instead of printing."""
