"""Rich renderables: the only place that builds tables, panels and bars.

Functions here take domain objects and a Messages catalogue and return something a rich
Console can print; they never print or read anything themselves. What agents typed is
always wrapped in `Text`, so it is shown as typed and never read as rich markup.
"""

from coachcli.render.cases import (
    case_detail,
    case_table,
    followup_card,
    similar_cases,
    verdict_panel,
)
from coachcli.render.doctor import doctor_json, doctor_report
from coachcli.render.drafts import draft_recap, draft_table
from coachcli.render.people import (
    budget_view,
    frame_table,
    profile_result,
    profile_table,
    score_bars,
    team_view,
)
from coachcli.render.reports import rules_view, stats_view
from coachcli.render.training import (
    training_case,
    training_history,
    training_reveal,
    training_summary,
)

__all__ = [
    "budget_view",
    "case_detail",
    "case_table",
    "doctor_json",
    "doctor_report",
    "draft_recap",
    "draft_table",
    "followup_card",
    "frame_table",
    "profile_result",
    "profile_table",
    "rules_view",
    "score_bars",
    "similar_cases",
    "stats_view",
    "team_view",
    "training_case",
    "training_history",
    "training_reveal",
    "training_summary",
    "verdict_panel",
]
