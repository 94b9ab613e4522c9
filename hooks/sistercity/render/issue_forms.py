"""The addresses of the two issue forms (maintenance/proposals.py writes the forms): what record
pages link to, kept apart so that the build does not import the proposal tools."""

from __future__ import annotations

from urllib.parse import urlencode

PROPOSE_FORM = "propose-event.yml"
CORRECTION_FORM = "report-mistake.yml"


def issue_form_urls(repo_url: str | None, record: str | None = None) -> dict[str, str] | None:
    """Addresses that open the two forms on GitHub, the correction prefilled with `record`
    (e.g. 'events/1988-founding'); None without a repository address (local builds)."""
    if not repo_url:
        return None
    new = repo_url.rstrip("/") + "/issues/new?"
    correct: dict[str, str] = {"template": CORRECTION_FORM}
    if record:
        correct.update(title=f"Correction: {record}", record=record)
    return {"propose": new + urlencode({"template": PROPOSE_FORM}), "correct": new + urlencode(correct)}
