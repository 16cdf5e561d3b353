"""The review document: a whole flow in plain language, for people who approve content without reading YAML.

`dialoog review [FLOW] --output FILE.html|.md` writes it: every question in order with its options and what
they add to which domain, when each question is asked (conditions in words, read from the same Jinja AST the
engine compiles), every advice item with when it applies, to which roles and whom it refers to, the domains
with their thresholds, and the dilemma cards each role can meet.

- `words.py`: conditions and texts with template markup, in words;
- `model.py`: the document as plain data, built once per language (the same shape in every language, so
  two languages can be shown side by side);
- `html.py`, `markdown.py`: the two renderings;
- `cli.py`: the `review` verb.
"""
