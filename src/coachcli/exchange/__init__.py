"""Casebooks in and out (SPEC §10): export formats, redaction on the way out, and the
merge-import that turns agents' casebooks into one team casebook.

`cases` redacts and pseudonymises case JSON, `export` writes the formats as a stream,
`reader` (with `jsonstream`) reads json and jsonl exports record by record, `checks`
validates and normalises what they hold, and `importing` stages it for the store's merge.
"""

FORMAT = "coach-casebook"
# Version 2 adds `review_copy` (cases and comments) and the privacy tombstones.
VERSION = 2
READABLE_VERSIONS = (1, 2)
