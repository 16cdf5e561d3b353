"""Screens: conversation (the first screen), passphrase, summary, and the small dialogs."""
