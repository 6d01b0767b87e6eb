"""The patterns page: every shared macro and fragment in every state, in development only.

Like the NHS.UK frontend's own examples, `/patterns` shows the parts pages are built
from (form fields empty, filled and in error, the error summary, tags, tables, cards,
callouts, the journey grid), so a new page is made from parts that exist. It answers
only when the server runs for development (`make run`, or MBP_PATTERNS=1); anywhere
else it is a plain "page not found".
"""
