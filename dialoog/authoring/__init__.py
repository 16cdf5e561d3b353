"""Tools for the people who write and approve the content: transcript tests (`dialoog test`) and starting a
flow at any node (`--from`). Format and examples: docs/transcript-tests.md."""
