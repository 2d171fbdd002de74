"""What to tell the user under an aggregate's numbers: missing groups, no groups, no metrics."""

from __future__ import annotations

from explorer.core.base.formatting import safe_text
from explorer.core.base.models import AggregateResult


def aggregate_notes(result: AggregateResult, more_groups: str) -> list[str]:
    """Plain sentences (server names made inert); ``more_groups`` says how to see more groups."""
    notes = []
    if result.groups_may_be_missing:
        notes.append(
            f"Showing the {len(result.groups)} largest groups; smaller ones may be missing "
            f"({more_groups})."
        )
    if result.group_by is not None and not result.groups:
        notes.append("No groups: no matched object has a value to group by.")
    if result.skipped:
        listed = ", ".join(
            f"{safe_text(s.name)} ({safe_text(s.data_type)})" for s in result.skipped
        )
        notes.append(f"No metrics for {listed}.")
    return notes
