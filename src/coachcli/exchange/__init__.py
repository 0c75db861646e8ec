"""Casebooks in and out (SPEC §10): export formats, redaction on the way out, and the
merge-import that turns agents' casebooks into one team casebook.

`cases` converts and checks case JSON, `export` writes the five formats as a stream, and
`merge` imports with the merge laws (idempotent, commutative).
"""

FORMAT = "coach-casebook"
VERSION = 1
