"""Errors as pages, htmx fragments or JSON: the same refusal, told the way the client reads it.

Service errors map to statuses: permission 403, not found 404, conflict 409,
a step the workflow refuses 422, bad input 400.  API requests get JSON; htmx
requests get a message swapped into the page's message area; others a page.
"""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from translate_app.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    TranslateAppError,
    WorkflowError,
)
from translate_app.people.users import UserError


def is_api() -> bool:
    """Whether this request is for the JSON API."""
    return request.path.startswith("/api/")


def is_htmx() -> bool:
    """Whether htmx sent this request (it then wants a fragment, not a page)."""
    return request.headers.get("HX-Request") == "true"


def _titles() -> dict[int, str]:
    return {
        400: _("The request was not understood"),
        401: _("Please log in"),
        403: _("You may not do this"),
        404: _("Not found"),
        405: _("Not allowed here"),
        409: _("Someone else changed this first"),
        413: _("Too much data"),
        422: _("This step is not possible"),
        429: _("Too many attempts"),
        500: _("Something went wrong on our side"),
    }


def render_error(status: int, detail: str) -> Response:
    """The error response for ``status`` in the form this request wants."""
    title = _titles().get(status, _("Error"))
    if is_api():
        response = jsonify({"error": detail or title, "status": status})
    elif is_htmx():
        response = Response(render_template("errors/_message.html", title=title, detail=detail))
        response.headers["HX-Retarget"] = "#messages"
        response.headers["HX-Reswap"] = "innerHTML"
    else:
        response = Response(render_template("errors/page.html", title=title, detail=detail))
    response.status_code = status
    return response


def _conflict(exc: ConflictError) -> Response:
    if is_api():
        response = jsonify(
            {
                "error": str(exc),
                "status": 409,
                "current_text": exc.current_text,
                "current_version": exc.current_version,
                "attempted_text": exc.attempted_text,
            }
        )
        response.status_code = 409
        return response
    return render_error(409, str(exc))


def _http(exc: HTTPException) -> Response:
    code = exc.code or 500
    said = exc.description or ""
    own = said if said != type(exc).description else ""
    detail = said if is_api() else own  # pages: only what a view said, not werkzeug's text
    return render_error(code, detail)


def _csrf(_exc: CSRFError) -> Response:
    return render_error(
        400, _("The form had expired or came from elsewhere: reload the page and try again.")
    )


def _status_for(exc: TranslateAppError) -> int:
    if isinstance(exc, PermissionDeniedError):
        return 403
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, WorkflowError | UserError):
        return 422
    return 400


def _service(exc: TranslateAppError) -> Response:
    if isinstance(exc, ConflictError):
        return _conflict(exc)
    return render_error(_status_for(exc), str(exc))


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(CSRFError, _csrf)
    app.register_error_handler(TranslateAppError, _service)
    app.register_error_handler(HTTPException, _http)
