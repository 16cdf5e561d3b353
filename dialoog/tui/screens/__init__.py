"""Screens: welcome, passphrase, conversation, summary, and the small dialogs."""
