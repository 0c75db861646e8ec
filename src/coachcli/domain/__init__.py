"""The pure core of coach: rules about cases, rungs, verdicts and frames. No I/O here."""
