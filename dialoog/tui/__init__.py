"""The conversation in the terminal: a Textual app that drives the engine.

Nothing here decides content: every question, answer check and piece of advice
comes from `dialoog.engine`. Imports are lazy where they can be: the first
screen must paint as fast as a bare Textual app.
"""
