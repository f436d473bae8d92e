"""Handoff API of the web service: accept a case, see its state, open a case link.

All routes need `Authorization: Bearer <API_TOKEN>`: the case link in a page is useless without
signing in, so a lost or forwarded SMS reveals nothing.
"""
from __future__ import annotations

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, json

from bot.web.auth import authorised, json_object

handoffs_bp = Blueprint("handoffs")


def _public(state: dict) -> dict:
    return {"status": state["status"], "accepted_by": state["accepted_by"], "events": state["events"],
            "pages": [{"step": p["step"], "kind": p["kind"], "coordinator": p["coordinator_id"],
                       "status": p["status"], "due_at": p["due_at"].isoformat()} for p in state["pages"]]}


@handoffs_bp.post("/api/handoffs/<case_code>/ack")
async def acknowledge(request: Request, case_code: str) -> HTTPResponse:
    denied = authorised(request)
    if denied:
        return denied
    body, error = json_object(request)
    if error:
        return error
    by = str(body.get("by", "")).strip()
    if not by:
        return json({"error": "say who accepts: {\"by\": \"<coordinator id>\"}"}, status=422)
    try:
        ack = request.app.ctx.pager.acknowledge(case_code, by, "api")
    except KeyError:
        return json({"error": f"no case {case_code}"}, status=404)
    return json({"case_code": ack.case_code, "accepted_by": ack.accepted_by, "first": ack.first})


@handoffs_bp.get("/cases/<case_code>")
@handoffs_bp.get("/api/handoffs/<case_code>")
async def case(request: Request, case_code: str) -> HTTPResponse:
    denied = authorised(request)
    if denied:
        return denied
    try:
        state = request.app.ctx.pager.status(case_code.upper())
    except Exception:  # sqlalchemy NoResultFound
        return json({"error": f"no case {case_code}"}, status=404)
    return json(_public(state))
