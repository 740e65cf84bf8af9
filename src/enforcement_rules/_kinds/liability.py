"""``kind: liability`` — breaches mapped to the items of a liability article, by the words of each item (SPEC §4b).

An item names the rules whose breach it covers and which statuses are its breach (``overdue``/``violated`` for
words of non-performance, ``overdue``/``late`` for words of delay). A late performance no item covers is
reported as a finding with no liability. Rights never give rise to a liability, nor does a duty of another body
than the article's ``liable`` one. Validity: the day of the breach (or, for a deadline that started while the
article was in force, the breach of it is still a breach).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from pydantic import Field

from .._profile import Citation, Instrument, Profile, RuleBase, Strict
from .._report import Liability
from .._results import CitedArticle, cite
from . import Kind, PathKey, Problem, prepared

if TYPE_CHECKING:
    from .._evaluation import Evaluation

BreachStatus = Literal["late", "overdue", "violated"]


class LiabilityItem(Strict):
    item: str
    """the item (第（X）项; for the 2016 opinion its point, e.g. 3)"""
    text: str
    """the article text, quoted verbatim from the source (…… joins fragments)"""
    rules: list[str] = Field(default=[], description="rules whose breach falls under this item")
    breaches: list[BreachStatus] = Field(
        default=["late", "overdue"], description="which statuses are the breach the item's words name")


class LiabilityRule(RuleBase):
    kind: Literal["liability"]
    """the rule kind (the tag of a registered kind: deadline, admission, requirement …)"""
    sanction: str = Field(description="the sanction ladder, verbatim")
    liable: Literal["agency", "supervisory_body", "officer", "supervisory_officer"] = Field(
        default="agency", description="whom the article makes liable: the supervised agency, the supervisory body, "
                                      "an enforcement officer, or a supervisory officer")
    items: list[LiabilityItem]
    """the items of the article, each with the rules whose breach it covers"""


_BODY = {"agency": "agency", "officer": "agency", "supervisory_body": "supervisory_body",
         "supervisory_officer": "supervisory_body"}
"""Whose duties an article's liable persons answer for: officers for their body's."""


def evaluate(evaluation: Evaluation, rules: dict[str, LiabilityRule]) -> None:
    breached: list[tuple[str, str, dt.date, dt.date | None]] = []  # (rule, status, breach day, started on)
    for deadline in evaluation.deadlines:
        if deadline.status in ("late", "overdue", "violated") and deadline.due is not None:
            rule = evaluation.profile.rules[deadline.rule]
            if getattr(rule, "right", False):
                continue
            started = deadline.trigger if isinstance(deadline.trigger, dt.date) else None
            breached.append((deadline.rule, deadline.status, deadline.due, started))
    breached.extend((rule_id, "violated", day, None) for rule_id, day in evaluation.breaches.items())
    items_of = prepared(evaluation.profile, "liability", rules, _items_by_rule)
    for rule_id, status, day, started in breached:
        covered = False
        for entry in items_of.get(rule_id, ()):
            instrument, item = entry.instrument, entry.item
            if not (instrument.in_force_on(day) or (started is not None and instrument.in_force_on(started))):
                continue
            covered = covered or status != "late" or "late" in item.breaches
            if status not in item.breaches:
                continue
            liability = Liability.built(rule=rule_id, item=entry.reference, sanction=entry.rule.sanction,
                                        citation=entry.cited, layer=entry.layer)
            if liability not in evaluation.liabilities:
                evaluation.liabilities.append(liability)
                evaluation.find(entry.rule_id, "liability", citation=entry.cited,
                                facts={"breached": rule_id, "status": status, "item": entry.reference,
                                       "kind": evaluation.profile.rules[rule_id].kind,
                                       "sanction": entry.rule.sanction, "instrument": instrument.title},
                                dates={"breach": day})
        if status == "late" and not covered:
            evaluation.find(rule_id, "late_without_liability", facts={"status": status}, dates={"due": day})


class _Item(NamedTuple):
    """One item of a liability article with what its evaluation reads (worked out once per profile)."""

    rule_id: str
    rule: LiabilityRule
    item: LiabilityItem
    instrument: Instrument
    reference: str
    """the article and item: 第四十四条第（一）项"""
    citation: Citation
    """the article's citation narrowed to the item (kept here: ``cite`` remembers a citation by its identity)"""
    cited: CitedArticle
    """the item's own citation and words, as reported"""
    layer: str


def _items_by_rule(profile: Profile, rules: dict[str, LiabilityRule]) -> dict[str, list[_Item]]:
    """Rule id → the liability items that name it, in file order."""
    found: dict[str, list[_Item]] = {}
    for liability_id, liability in rules.items():
        for item in liability.items:
            citation = liability.citation.model_copy(update={"item": item.item})
            entry = _Item(liability_id, liability, item, profile.instruments[liability.citation.instrument],
                          f"{liability.citation.article}{item.item}", citation, cite(profile, citation, item.text),
                          profile.layer_map[liability_id])
            for rule_id in item.rules:
                found.setdefault(rule_id, []).append(entry)
    return found


def check(profile: Profile, _rule_id: str, rule: LiabilityRule) -> Iterator[Problem]:
    for index, item in enumerate(rule.items):
        for position, target in enumerate(item.rules):
            where: PathKey = ("items", index, "rules", position)
            found = profile.rules.get(target)
            if found is None:
                yield where, f"unknown rule {target!r}"
            elif found.kind == "liability":
                yield where, f"{target!r} is a liability rule: an item maps breaches of duties"
            elif getattr(found, "right", False):
                yield where, f"{target!r} is a right, not a duty: it gives rise to no liability"
            elif getattr(found, "duty_of", rule.liable) != _BODY[rule.liable]:
                yield where, (f"{target!r} is a duty of the {getattr(found, 'duty_of', '')}, not of the "
                              f"{rule.liable} this article makes liable")


def quotes(rule: LiabilityRule) -> Iterator[tuple[PathKey, Citation, str]]:
    yield ("citation",), rule.citation, rule.text
    for index, item in enumerate(rule.items):
        yield ("items", index), rule.citation, item.text


def summary(rule: LiabilityRule) -> str:
    mapped = sum(1 for item in rule.items if item.rules)
    return f"{rule.title}：{len(rule.items)}项，{mapped}项对应规则"


# -- vectorized form (_columnar) ----------------------------------------------------------------------

def columnar(plan: Any, rules: dict[str, LiabilityRule]) -> None:
    """Breaches in report order (deadlines, then obligations, then procedure, requirements, prohibitions), each
    mapped to the items whose words cover its status and whose instrument was in force."""
    import polars as pl  # noqa: PLC0415

    from .._columnar import instrument_in_force  # noqa: PLC0415

    if not rules:
        plan.liabilities = []
        return
    items_of = prepared(plan.profile, "liability", rules, _items_by_rule)
    entries: list[Any] = []

    def mapped(rule_id: str, status: Any, day: Any, started: Any) -> list[Any]:
        found = []
        for entry in items_of.get(rule_id, ()):
            live = instrument_in_force(entry.instrument, day)
            if started is not None:
                live = live | instrument_in_force(entry.instrument, started)
            hit = live & status.is_in(list(entry.item.breaches)).fill_null(False)
            found.append(pl.when(hit).then(pl.struct(rule=pl.lit(rule_id), item=pl.lit(entry.reference))))
        return found

    for rule_id, rule, prefix in plan.deadline_breaches:
        if getattr(rule, "right", False):
            continue
        status = pl.col(f"{prefix}.status")
        breached = status.is_in(["late", "overdue", "violated"]) & pl.col(f"{prefix}.due").is_not_null()
        entries.extend(mapped(rule_id, pl.when(breached).then(status), pl.col(f"{prefix}.due"),
                              pl.col(f"{prefix}.start")))
    results = plan.obligation_results
    if results is not None:
        parts = []
        for rule_id in results.get_column("__rule").unique().to_list():
            rule = plan.profile.rules[rule_id]
            if getattr(rule, "right", False) or rule_id not in items_of:
                continue
            status = pl.col("__status")
            breached = status.is_in(["late", "overdue", "violated"]) & pl.col("__due").is_not_null()
            found = mapped(rule_id, pl.when(breached).then(status), pl.col("__due"), pl.col("__started"))
            parts.append(results.filter(pl.col("__rule") == rule_id).select(
                "row", "pos", pl.concat_list(found).list.drop_nulls().alias("__entries")))
        if parts:
            gathered = pl.concat(parts).sort("row", "pos").group_by("row", maintain_order=True).agg(
                pl.col("__entries").list.explode(keep_nulls=False, empty_as_null=False))
            plan.add_joined(gathered.select("row", pl.col("__entries").alias("__obligation_liabilities")))
            entries.append(pl.col("__obligation_liabilities").fill_null([]))
    for rule_id, column in plan.breaches:
        entries.extend(mapped(rule_id, pl.when(pl.col(column).is_not_null()).then(pl.lit("violated")),
                              pl.col(column), None))
    plan.liabilities = entries


KIND = Kind(name="liability", model=LiabilityRule, order=90, evaluate=evaluate, summary=summary, check=check,
            quotes=quotes, section="liabilities", columnar=columnar)
