"""``enforcement-rules serve``: the library as an HTTP service (FastAPI + uvicorn, the ``[server]`` extra).

Requests and responses are the library's own models, so the OpenAPI document (``/openapi.json``) is generated
from the same pydantic models as the schemas and the CLI's JSON. Errors are RFC 9457 problem details
(``application/problem+json``) naming the key path. A request names a profile by name only (bundled, or in
the ``--profiles-dir`` given to the server), never a path: a client cannot make the server read a file.
"""

from __future__ import annotations

import datetime as dt
import difflib
import importlib
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from . import __version__
from ._beijing import today
from ._calendar import Calendar, national_calendar
from ._case import Case
from ._choices import Language
from ._deadlines import due_date
from ._documents import Document, allowed_keys, describe_error, format_path
from ._errors import CalendarCoverageError, RulesError, _LocatedError
from ._evaluate import compare, evaluate
from ._kinds import profile_model
from ._loader import list_profiles, load_profile
from ._profile import Profile
from ._report import Report
from ._results import Deadline

MAX_BODY_BYTES = 1_000_000
MAX_BATCH = 500
MAX_ERRORS = 10
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
PROBLEM = "application/problem+json"


# -- names only: the profiles a request may name -----------------------------------------------------------

class ProfileNames:
    """The profiles a client may name: the bundled ones, and those in an optional directory of the server's."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory

    def names(self) -> list[str]:
        installed = [p.stem for p in self.directory.glob("*.yaml") if _NAME.match(p.stem)] if self.directory else []
        return sorted({*list_profiles(), *installed})

    def load(self, name: str) -> Profile:
        """The profile called ``name``; anything that is not a known name (a path, a URL) is refused."""
        if not _NAME.match(name):
            raise _ProblemError(422, "Invalid profile name", f"a profile is named, never a path: {name!r} is "
                                "not a name (lower-case letters, digits and _)", key="profile")
        if name in list_profiles():
            return load_profile(name)
        if self.directory is not None and (self.directory / f"{name}.yaml").is_file():
            return load_profile(self.directory / f"{name}.yaml")
        raise _ProblemError(404, "Unknown profile", f"no profile named {name!r}; known: {', '.join(self.names())}",
                            key="profile")


# -- requests and responses ---------------------------------------------------------------------------------

class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EvaluateRequest(_Request):
    """One case, or a batch of cases, under one profile, as of a day."""

    profile: str = Field(description="a profile name (GET /v1/profiles), never a path")
    as_of: dt.date | None = Field(default=None, description="the day of evaluation; default: today in Beijing")
    case: Case | None = Field(default=None, description="one case (SPEC §5); or give cases")
    cases: list[Case] | None = Field(default=None, description=f"a batch of cases, at most {MAX_BATCH}")
    language: Language = Field(default="zh", description="the language of the explanations: zh (the law's own) "
                                                         "or en")


class BatchItem(BaseModel):
    index: int
    case_id: str | None
    report: Report


class BatchResponse(BaseModel):
    results: list[BatchItem]


class CompareRequest(_Request):
    """One case under every bundled profile."""

    case: Case
    as_of: dt.date | None = Field(default=None, description="the day of evaluation; default: today in Beijing")


class DeadlineRequest(_Request):
    """The due date of one deadline rule for one trigger (as ``enforcement-rules deadline``)."""

    profile: str = Field(description="a profile name, never a path")
    rule: str = Field(description="a deadline rule id of the profile")
    trigger: dt.date | int = Field(description="the date that starts the period, or the year for annual rules")
    extension_months: int | None = Field(default=None, ge=1, description="an approved extension (C7)")


class ProfileSummary(BaseModel):
    name: str
    city: str
    rules: int
    instruments: list[str]


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    calendar_years: tuple[int, int]


class ProblemDetail(BaseModel):
    """RFC 9457 problem details, with the key path of the input at fault."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    key: str | None = Field(default=None, description="the key path of the request body at fault")
    errors: list[dict[str, str]] | None = Field(default=None,
                                                description=f"every error found, at most {MAX_ERRORS}")


class _ProblemError(Exception):
    """Raised inside a request: answered as problem details."""

    def __init__(self, status: int, title: str, detail: str, *, key: str | None = None,
                 errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(detail)
        self.problem = ProblemDetail(title=title, status=status, detail=detail, key=key, errors=errors)


def _problem_response(problem: ProblemDetail) -> JSONResponse:
    return JSONResponse(problem.model_dump(exclude_none=True), status_code=problem.status, media_type=PROBLEM)


_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ProblemDetail, "content": {PROBLEM: {}}, "description": what}
    for code, what in ((404, "unknown profile or rule"), (413, "request too large"),
                       (422, "invalid input, or a year the calendar does not cover"))
}


# -- the application ------------------------------------------------------------------------------------------

def create_app(*, profiles_dir: Path | None = None, calendar: Calendar | None = None,
               max_body_bytes: int = MAX_BODY_BYTES, max_batch: int = MAX_BATCH) -> FastAPI:
    """The HTTP service; ``calendar`` defaults to ``national_calendar()`` (bundled plus the calendar directory)."""
    app = FastAPI(title="enforcement-rules", version=__version__, responses=_ERROR_RESPONSES,
                  description=(__doc__ or "").strip())
    names = ProfileNames(profiles_dir)

    def the_calendar() -> Calendar:
        return calendar or national_calendar()

    _answer_problems(app, max_body_bytes)

    @app.get("/healthz", response_model=Health, tags=["service"])
    def healthz() -> Health:
        span = the_calendar().span or (0, 0)
        return Health(status="ok", version=__version__, calendar_years=span)

    @app.get("/v1/profiles", response_model=list[ProfileSummary], tags=["profiles"])
    def profiles() -> list[ProfileSummary]:
        summaries = []
        for name in names.names():
            profile = names.load(name)
            summaries.append(ProfileSummary(name=name, city=profile.city, rules=len(profile.rules),
                                            instruments=[i.title for i in profile.instruments.values()]))
        return summaries

    @app.get("/v1/profiles/{name}", response_model=profile_model(), tags=["profiles"])
    def profile(name: str) -> Any:
        return names.load(name).model_dump(mode="json", by_alias=True)

    @app.get("/v1/coverage/{name}", tags=["profiles"])
    def coverage(name: str) -> Any:
        loaded = names.load(name)
        try:
            module = importlib.import_module("enforcement_rules._coverage")
        except ImportError:
            module = None
        coverage_table: Callable[[Profile], BaseModel] | None = getattr(module, "coverage_table", None)
        if coverage_table is None:
            raise _ProblemError(501, "Not implemented", "article coverage arrives with the rule-language change "
                                "(enforcement_rules._coverage.coverage_table)")
        return coverage_table(loaded).model_dump(mode="json")

    @app.post("/v1/evaluate", response_model=Report | BatchResponse, tags=["evaluate"])
    def evaluate_endpoint(request: EvaluateRequest) -> Report | BatchResponse:
        profile = names.load(request.profile)
        as_of = request.as_of or today()
        if (request.case is None) == (request.cases is None):
            raise _ProblemError(422, "Invalid request", "give exactly one of case or cases", key="case")
        try:
            if request.case is not None:
                return evaluate(profile, request.case, as_of=as_of, calendar=the_calendar(),
                                language=request.language)
            assert request.cases is not None
            if len(request.cases) > max_batch:
                raise _ProblemError(413, "Batch too long", f"at most {max_batch} cases per request; got "
                                    f"{len(request.cases)}", key="cases")
            return BatchResponse(results=[
                BatchItem(index=index, case_id=case.id,
                          report=evaluate(profile, case, as_of=as_of, calendar=the_calendar(),
                                          language=request.language))
                for index, case in enumerate(request.cases)])
        except RulesError as exc:
            raise _rules_problem(exc, "case") from None

    @app.post("/v1/compare", response_model=dict[str, Report], tags=["evaluate"])
    def compare_endpoint(request: CompareRequest) -> dict[str, Report]:
        try:
            return compare(request.case, as_of=request.as_of or today(), calendar=the_calendar())
        except RulesError as exc:
            raise _rules_problem(exc, "case") from None

    @app.post("/v1/deadline", response_model=Deadline, tags=["deadlines"])
    def deadline_endpoint(request: DeadlineRequest) -> Deadline:
        profile = names.load(request.profile)
        if request.rule not in profile.rules:
            raise _ProblemError(404, "Unknown rule", f"{request.rule!r} is not a rule of {profile.name}; see "
                                f"GET /v1/profiles/{profile.name}", key="rule")
        try:
            return due_date(profile, request.rule, request.trigger, extension_months=request.extension_months,
                            calendar=the_calendar())
        except RulesError as exc:
            raise _rules_problem(exc, None) from None

    return app


def _answer_problems(app: FastAPI, max_body_bytes: int) -> None:
    """Every error as problem details; bodies over ``max_body_bytes`` refused before they are parsed."""
    @app.middleware("http")
    async def limit_size(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        declared = request.headers.get("content-length")
        too_large = _ProblemError(413, "Request too large", f"the body is limited to {max_body_bytes} bytes")
        if declared is not None and (not declared.isdigit() or int(declared) > max_body_bytes):
            return _problem_response(too_large.problem)
        if request.method == "POST":
            body = bytearray()
            async for chunk in request.stream():
                body += chunk
                if len(body) > max_body_bytes:
                    return _problem_response(too_large.problem)
            request._body = bytes(body)
        return await call_next(request)

    @app.exception_handler(_ProblemError)
    async def on_problem(_: Request, exc: _ProblemError) -> JSONResponse:
        return _problem_response(exc.problem)

    bodies: dict[str, type[BaseModel]] = {"/v1/evaluate": EvaluateRequest, "/v1/compare": CompareRequest,
                                          "/v1/deadline": DeadlineRequest}

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _problem_response(_validation_problem(exc, bodies.get(request.url.path)).problem)

    @app.exception_handler(StarletteHTTPException)
    async def on_http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _problem_response(ProblemDetail(title=str(exc.detail), status=exc.status_code, detail=str(exc.detail)))


def _rules_problem(exc: RulesError, prefix: str | None) -> _ProblemError:
    if isinstance(exc, CalendarCoverageError):
        return _ProblemError(422, "Calendar coverage", str(exc))
    key = None
    if isinstance(exc, _LocatedError):
        key = exc.key if prefix is None else format_path((prefix, *([exc.key] if exc.key else [])))
        detail = exc.reason
    else:
        detail = str(exc)
    return _ProblemError(422, "Invalid input", detail, key=key)


def _validation_problem(exc: RequestValidationError, model: type[BaseModel] | None) -> _ProblemError:
    """Every error (up to 10), each with its key path in the request body, a did-you-mean first; the first error
    is the detail."""
    body = Document(getattr(exc, "body", None), "<request>")
    errors = []
    for err in exc.errors()[:MAX_ERRORS]:
        loc = tuple(err.get("loc", ()))
        path = body._data_path(loc[1:] if loc and loc[0] == "body" else loc)
        message = describe_error(err)
        if err["type"] in {"union_tag_invalid", "union_tag_not_found"}:
            path = (*path, str(err["ctx"]["discriminator"]).strip("'"))
        if err["type"] == "extra_forbidden" and model is not None and path:
            close = difflib.get_close_matches(str(path[-1]), allowed_keys(model, body.data, path[:-1]), n=1)
            if close:
                message += f" (did you mean {close[0]!r}?)"
        errors.append({"key": format_path(path) or "(body)", "message": message})
    errors.sort(key=lambda error: "did you mean" not in error["message"])
    if not errors:
        return _ProblemError(422, "Invalid request", "the request body is not valid")
    first = errors[0]
    more = len(exc.errors()) - 1
    detail = f"{first['key']}: {first['message']}" + (f" (and {more} more)" if more else "")
    return _ProblemError(422, "Invalid request", detail, key=first["key"], errors=errors)


def run(host: str, port: int, profiles_dir: Path | None = None) -> None:
    """Serve until interrupted."""
    import uvicorn  # noqa: PLC0415 - the [server] extra, imported only to serve

    uvicorn.run(create_app(profiles_dir=profiles_dir), host=host, port=port, log_level="info")
