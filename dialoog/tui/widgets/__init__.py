"""Widgets of the conversation: transcript, progress line, dilemma card, answer widgets."""
