"""Loading and validating conversation content (flows, domains, advice, cards)."""
