"""``kind: disposition`` — the corrective document, what follows if the agency does not correct, where it stands.

Validity: the day the corrective document was received, else ``as_of`` (SPEC §4). Several disposition rules in
force compete for the one disposition: the declared precedence picks, never file order.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from pydantic import Field

from .._conditions import Compiled, Condition, check_condition, compiled, condition_covers, matched_codes
from .._profile import Citation, Code, Profile, RuleBase, Strict
from .._report import DeadlineStatus, DispositionReport, Ground, Outcome
from .._results import CitedArticle, cite
from . import Kind, PathKey, Problem, names_of, prepared

if TYPE_CHECKING:
    from .._evaluation import Evaluation


class Criterion(Strict):
    """One disposition criterion: when ``when`` holds (or always, without it), ``if_uncorrected``."""

    precedence: int
    """the order in which criteria are tried: the lower, the earlier"""
    when: Condition | None = None
    """the condition under which this applies (omitted: always)"""
    if_uncorrected: Code
    """the outcome when the document is not heeded by its deadline (vocabulary.outcomes)"""
    candidates: list[Code] = Field(default=[], description="when the deciding body chooses among these")
    citation: Citation
    text: str
    """the article text, quoted verbatim from the source (…… joins fragments)"""
    note: str | None = None
    """a note in Chinese: every choice the text forces, made visible"""


class DispositionRule(RuleBase):
    kind: Literal["disposition"]
    """the rule kind (the tag of a registered kind: deadline, admission, requirement …)"""
    document: Code = Field(description="the corrective document (vocabulary.documents)")
    correction_deadline: str = Field(description="the deadline rule the document starts")
    criteria: list[Criterion]
    otherwise: Code
    """the outcome when no criterion holds (vocabulary.outcomes)"""
    no_defects: Code = Field(default="terminate", description="the outcome when the act has no defect")

    @property
    def ordered_criteria(self) -> list[Criterion]:
        """The criteria in the order they are tried (by precedence)."""
        return sorted(self.criteria, key=lambda criterion: criterion.precedence)


class _Prepared(NamedTuple):
    rule_id: str
    rule: DispositionRule
    accepted: frozenset[str]
    criteria: list[tuple[Criterion, Compiled | None]]
    cited: CitedArticle
    layer: str
    correction_cited: CitedArticle | None
    """the citation of its correction deadline (None: ``check`` reports the unknown rule)"""


def _prepare(profile: Profile, rules: dict[str, DispositionRule]) -> list[_Prepared]:
    return [_Prepared(rule_id, rule, profile.document_kinds(rule.document),
                      [(c, compiled(c.when) if c.when is not None else None) for c in rule.ordered_criteria],
                      cite(profile, rule.citation, rule.text), profile.layer_map[rule_id],
                      cite(profile, correction.citation, correction.text)
                      if (correction := profile.rules.get(rule.correction_deadline)) is not None else None)
            for rule_id, rule in rules.items()]


def evaluate(evaluation: Evaluation, rules: dict[str, DispositionRule]) -> None:
    view = evaluation.view
    live: list[_Prepared] = []
    received_all = view.by_type.get("corrective_document_received", ())
    for step in prepared(evaluation.profile, "disposition", rules, _prepare):
        received = None
        for event in received_all:  # the first document of the rule's kind (a loop: no generator per case)
            if getattr(event, "document", None) in step.accepted:
                received = event
                break
        day = received.on if received is not None else evaluation.as_of
        # With no defect and no document there is nothing to dispose of: the rule's no_defects outcome is
        # reported, but it alone does not make the report ok.
        applies = bool(view.case.act.defects) or received is not None
        if evaluation.in_force(step.rule_id, step.rule, day, applies=applies) and evaluation.chosen(
                step.rule_id, step.rule, day, topic="disposition"):
            live.append(step)
    if not live:
        return
    evaluation.disposition = dispose(evaluation, live[0])


def dispose(evaluation: Evaluation, step: _Prepared) -> DispositionReport:
    rule_id, rule = step.rule_id, step.rule
    view = evaluation.view
    citations = [step.cited]
    layer = step.layer
    if not view.case.act.defects:
        evaluation.find(rule_id, "no_defects", rule=rule, facts={"outcome": rule.no_defects})
        return DispositionReport.built(document=None, outcome=rule.no_defects, if_uncorrected=rule.no_defects,
                                       candidates=[], grounds=[], citations=citations, layer=layer)
    scope = evaluation.scope
    criterion = None
    for candidate, when in step.criteria:  # (a loop, not next() over a generator: once per case)
        if when is None or when(scope):
            criterion = candidate
            break
    if criterion is None:
        if_uncorrected, candidates, grounds = rule.otherwise, [], []
        evaluation.find(rule_id, "if_uncorrected", rule=rule, facts={"outcome": rule.otherwise, "candidates": []})
    else:
        if_uncorrected, candidates = criterion.if_uncorrected, list(criterion.candidates)
        cited = evaluation.cite_as(criterion.citation, criterion.text)
        citations.append(cited)
        codes = (matched_codes(criterion.when, view) if criterion.when is not None else []) \
            or sorted(view.case.act.defects)
        grounds = [Ground.built(code=code, citation=cited) for code in codes]
        evaluation.find(rule_id, "if_uncorrected", citation=cited,
                        facts={"outcome": if_uncorrected, "candidates": candidates, "grounds": codes})
    outcome = _outcome(evaluation, step, if_uncorrected)
    return DispositionReport.built(document=rule.document, outcome=outcome, if_uncorrected=if_uncorrected,
                                   candidates=candidates, grounds=grounds, citations=citations, layer=layer)


def _outcome(evaluation: Evaluation, step: _Prepared, if_uncorrected: str) -> Outcome | str:
    rule_id, rule = step.rule_id, step.rule
    latest: DeadlineStatus | None = None
    for status in reversed(evaluation.deadlines):  # the latest of the correction deadline (a loop: once per case)
        if status.rule == rule.correction_deadline:
            latest = status
            break
    if latest is None:
        evaluation.find(rule_id, "issue_corrective_document", citation=step.cited, facts={"document": rule.document})
        return "issue_corrective_document"
    cited = step.correction_cited
    outcome: str
    if latest.status in {"set_by_document", "undeterminable"} and latest.done_on is not None:
        outcome = "corrected"
        code = "corrected_period_unknown"
    elif latest.status == "met":
        outcome = code = "corrected"
    elif latest.status == "late":
        outcome = code = "corrected_late"
    elif latest.status == "overdue":
        outcome, code = if_uncorrected, "uncorrected"
    else:
        outcome = code = "awaiting_correction"
    evaluation.find(rule_id, code, citation=cited, facts={"outcome": outcome},
                    dates={"done_on": latest.done_on, "due": latest.due})
    return outcome


def check(profile: Profile, _rule_id: str, rule: DispositionRule) -> Iterator[Problem]:
    names = names_of(profile)
    outcomes = profile.codes("outcomes")
    if rule.document not in profile.codes("documents"):
        yield ("document",), (f"unknown document {rule.document!r}; documents: "
                              f"{', '.join(sorted(profile.codes('documents')))}")
    target = profile.rules.get(rule.correction_deadline)
    if target is None or target.kind != "deadline":
        yield ("correction_deadline",), f"unknown deadline rule {rule.correction_deadline!r}"
    for key in ("otherwise", "no_defects"):
        if getattr(rule, key) not in outcomes:
            yield (key,), f"unknown outcome {getattr(rule, key)!r}: declare it under vocabulary.outcomes"
    seen: dict[int, int] = {}
    for index, criterion in enumerate(rule.criteria):
        base: PathKey = ("criteria", index)
        if criterion.citation.instrument not in profile.instruments:
            yield (*base, "citation", "instrument"), f"unknown instrument {criterion.citation.instrument!r}; " \
                                                     f"expected one of {', '.join(profile.instruments)}"
        if criterion.precedence in seen:
            yield (*base, "precedence"), f"precedence {criterion.precedence} is also criterion " \
                                         f"[{seen[criterion.precedence]}]'s"
        seen[criterion.precedence] = index
        for position, code in enumerate([criterion.if_uncorrected, *criterion.candidates]):
            if code not in outcomes:
                where = ("if_uncorrected",) if position == 0 else ("candidates", position - 1)
                yield (*base, *where), f"unknown outcome {code!r}: declare it under vocabulary.outcomes"
        if criterion.when is not None:
            yield from (((*base, "when", *path), message) for path, message in check_condition(criterion.when, names))


def quotes(rule: DispositionRule) -> Iterator[tuple[PathKey, Citation, str]]:
    yield ("citation",), rule.citation, rule.text
    for index, criterion in enumerate(rule.criteria):
        yield ("criteria", index, "citation"), criterion.citation, criterion.text


def precedence_order(rule: DispositionRule) -> str:
    """The disposition criteria in the order they are tried: ``confirm_void > confirm_illegal > …``."""
    return " > ".join(criterion.if_uncorrected for criterion in rule.ordered_criteria)


def summary(rule: DispositionRule) -> str:
    return f"{rule.title}：{rule.document}；逾期未纠正：{precedence_order(rule)}；否则 {rule.otherwise}"


def lint(_profile: Profile, _rule_id: str, rule: DispositionRule) -> Iterator[Problem]:
    ordered = sorted(enumerate(rule.criteria), key=lambda pair: pair[1].precedence)
    for position, (index, criterion) in enumerate(ordered):
        for _, earlier in ordered[:position]:
            if earlier.when is None or (criterion.when is not None and condition_covers(earlier.when,
                                                                                        criterion.when)):
                yield ("criteria", index), (f"criterion {criterion.if_uncorrected} (precedence "
                                            f"{criterion.precedence}) is shadowed by {earlier.if_uncorrected} "
                                            f"(precedence {earlier.precedence}): it can never apply")
                break


# -- vectorized form (_columnar) ----------------------------------------------------------------------

def columnar(plan: Any, rules: dict[str, DispositionRule]) -> None:
    """The first disposition rule in force: its outcome, what follows if uncorrected, and the grounds."""
    import polars as pl  # noqa: PLC0415

    if not rules:
        return
    nothing = pl.lit(None, dtype=pl.String)
    outcome: Any = nothing
    uncorrected: Any = nothing
    grounds: Any = pl.lit(None, dtype=pl.List(pl.String))
    chosen: Any = pl.lit(False)
    defective = pl.col("act.defects").list.len() > 0
    for rule_id, rule in rules.items():
        accepted = sorted(plan.profile.document_kinds(rule.document))
        received = plan.events_of("corrective_document_received").frame.filter(pl.col("document").is_in(accepted)) \
            .group_by("row").agg(pl.col("on").min().alias(f"__received.{rule_id}"))
        plan.add_joined(received)
        day = pl.col(f"__received.{rule_id}").fill_null(pl.lit(plan.as_of))
        (live,) = plan.live_columns({f"__disposition.{rule_id}": (
            rule, day, defective | pl.col(f"__received.{rule_id}").is_not_null())})
        if plan.obligation_results is not None:
            plan.mark("fallback", plan.obligation_results, pl.col("__rule") == rule.correction_deadline)
        this = live & ~chosen
        rule_uncorrected, rule_grounds = _criteria(plan, rule)
        rule_outcome = _vector_outcome(plan, rule, rule_uncorrected)
        outcome = pl.when(this).then(pl.when(defective).then(rule_outcome).otherwise(pl.lit(rule.no_defects))) \
            .otherwise(outcome)
        uncorrected = pl.when(this).then(pl.when(defective).then(rule_uncorrected)
                                         .otherwise(pl.lit(rule.no_defects))).otherwise(uncorrected)
        grounds = pl.when(this).then(pl.when(defective).then(rule_grounds)
                                     .otherwise(pl.lit([], dtype=pl.List(pl.String)))).otherwise(grounds)
        chosen = chosen | live
    plan.output["disposition"] = outcome
    plan.output["if_uncorrected"] = uncorrected
    plan.output["disposition_grounds"] = grounds.fill_null(pl.lit([], dtype=pl.List(pl.String)))


def _criteria(plan: Any, rule: DispositionRule) -> tuple[Any, Any]:
    """What follows if uncorrected, and the grounds: the first criterion (by precedence) that holds."""
    import polars as pl  # noqa: PLC0415

    from .._conditions import FactTest, walk  # noqa: PLC0415

    uncorrected: Any = pl.lit(rule.otherwise)
    grounds: Any = pl.lit([], dtype=pl.List(pl.String))
    defects = pl.col("act.defects").list.sort()
    for criterion in reversed(rule.ordered_criteria):
        if criterion.when is None:
            held: Any = pl.lit(True)
            codes: Any = defects
        else:
            held = (plan.condition(criterion.when, plan.host) == True).fill_null(False)  # noqa: E712
            parts = []
            for _, node in walk(criterion.when):
                if not isinstance(node, FactTest):
                    continue
                spec = plan.profile.fact_specs[node.fact]
                value = pl.col(node.fact)
                expected = node.expected()
                if spec.type == "codes":
                    strings = [item for item in expected if isinstance(item, str)]
                    parts.append(value.list.sort().list.eval(pl.element().filter(pl.element().is_in(strings))))
                else:
                    leaf = node.fact.rsplit(".", 1)[-1]
                    shown = (pl.when(value).then(pl.lit(f"{leaf}:True")).otherwise(pl.lit(f"{leaf}:False"))
                             if spec.type == "flag" else pl.lit(f"{leaf}:") + value.cast(pl.String))
                    passes = plan.condition(node.model_copy(update={"absent": None}), plan.host)
                    parts.append(pl.concat_list([pl.when(value.is_not_null() & passes.fill_null(False))
                                                 .then(shown)]).list.drop_nulls())
            matched = pl.concat_list(parts).list.unique(maintain_order=True) if parts else \
                pl.lit([], dtype=pl.List(pl.String))
            codes = pl.when(matched.list.len() > 0).then(matched).otherwise(defects)
        uncorrected = pl.when(held).then(pl.lit(criterion.if_uncorrected)).otherwise(uncorrected)
        grounds = pl.when(held).then(codes).otherwise(grounds)
    return uncorrected, grounds


def _vector_outcome(plan: Any, rule: DispositionRule, uncorrected: Any) -> Any:
    """Where the matter stands, from the correction deadline's result (as ``_outcome``)."""
    import polars as pl  # noqa: PLC0415

    prefix = plan.deadline_columns.get(rule.correction_deadline)
    if prefix is None:
        return pl.lit("issue_corrective_document")
    status, done = pl.col(f"{prefix}.status"), pl.col(f"{prefix}.done")
    return pl.when(status.is_null()).then(pl.lit("issue_corrective_document")) \
        .when(status.is_in(["set_by_document", "undeterminable"]) & done.is_not_null()).then(pl.lit("corrected")) \
        .when(status == "met").then(pl.lit("corrected")).when(status == "late").then(pl.lit("corrected_late")) \
        .when(status == "overdue").then(uncorrected).otherwise(pl.lit("awaiting_correction"))


KIND = Kind(name="disposition", model=DispositionRule, order=40, evaluate=evaluate, summary=summary, check=check,
            quotes=quotes, lint=lint, section="disposition", columnar=columnar)
