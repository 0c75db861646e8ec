"""How long a typed text may be, wherever it comes from: a flag, a prompt or an import.

One limit for all three, so that nothing recorded here can be what a colleague's import
refuses (§10, §13). Tiny and import-free: `case new` checks its flags before anything
else loads.
"""

MAX_TEXT = 100_000  # a situation, a note, a comment, lessons
MAX_NAME = 200  # an agent, a team, a tag, a comment's author, a customer reference
