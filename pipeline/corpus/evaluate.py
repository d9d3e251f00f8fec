"""Score extracted records against hand-made gold annotations: the evaluation gate.

The rules and numbers are those of ``../shared/eval/score.py`` (the scorer the project is
judged by), so ``qalam evaluate`` predicts that score; ``tests/evaluate`` checks both agree.

- entities: distinct per document; a prediction is right when its label agrees (GPE, LOC,
  FAC and PLACE all count as PLACE) and one of its forms (text or alias) equals a form of a
  gold entity once case, accents, punctuation, "'s" and a leading "the" are folded away.
- quotes: one-to-one, best pairs first; the shared words must cover at least 60 % of the
  gold quote and 30 % of the predicted one. Indirect quotes are not scored. A quote also
  counts for ``quotes+speaker`` when the speakers share a name word, both are empty, or the
  gold speaker is only a pronoun.
- figures: one-to-one in gold order; same kind, value within 0.5 %, same currency for money
  when the gold names one.
- Gold items marked ``"optional": true`` are neither rewarded nor penalised; a category
  missing from a gold file is not scored for that document. Totals are micro-averaged.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "PLACE", "LOCATION"})
ORG_LABELS = frozenset({"ORG", "ORGANIZATION", "ORGANISATION"})
PERSON_LABELS = frozenset({"PERSON", "PER"})
FIGURE_KINDS = frozenset({"count", "money", "percent"})
# Other names the same figure kinds go by in other tools' output.
FIGURE_KIND_SYNONYMS = {
    "percentage": "percent", "pct": "percent",
    "currency": "money", "monetary": "money", "amount": "money",
    "cardinal": "count", "quantity": "count", "number": "count", "integer": "count",
}
# Currency spellings mapped to ISO 4217; anything else is compared upper-cased.
CURRENCY_SYNONYMS = {
    "$": "USD", "us$": "USD", "dollar": "USD", "dollars": "USD", "somoni": "TJS",
    "€": "EUR", "euro": "EUR", "euros": "EUR", "£": "GBP",
    "rub": "RUB", "rubles": "RUB", "roubles": "RUB",
}
INDIRECT_QUOTE_TYPES = frozenset({"indirect", "reported", "paraphrase"})
PRONOUNS = frozenset({"he", "she", "they", "it", "i", "we", "you", "him", "her", "them"})
# Particles and titles that do not identify a person on their own.
NAME_FILLERS = frozenset({"and", "the", "of", "de", "van", "von", "al", "el", "mr", "ms", "mrs", "dr"})
MIN_GOLD_COVER = 0.6
MIN_PRED_COVER = 0.3
FIGURE_TOLERANCE = 0.005
COUNTED_METRICS = ("entities", "quotes", "quotes+speaker", "figures")
ACCURACIES = {"kind_acc": "kind_ok", "is_interview_acc": "is_interview_ok", "language_acc": "language_ok"}
# What a floor (``--min METRIC=VALUE``) can be set on: every score between 0 and 1 of the summary.
FLOOR_METRICS = (*(f"{metric}.{score}" for metric in COUNTED_METRICS for score in ("p", "r", "f1")),
                 *ACCURACIES, "interview_acc")


class EvaluationInputError(ValueError):
    """A folder is missing, or the gold folder is empty or holds a file that is not gold."""


# --- normalisation -------------------------------------------------------------------------


def fold(text: str | None) -> str:
    """The comparable form of a name: no case, accents, punctuation, "'s" or leading "the"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("\u2019", "'").replace("\u2018", "'").casefold()
    plain = re.sub(r"'s\b", "", plain)
    plain = " ".join(re.sub(r"[^\w\s]", " ", plain).split())
    return plain.removeprefix("the ")


def word_list(text: str | None) -> list[str]:
    """The folded words of a text, in order."""
    return re.findall(r"\w+", fold(text))


def entity_label(raw: str | None) -> str | None:
    """ORG, PERSON or PLACE for the label names tools use; None for labels not scored."""
    upper = (raw or "").upper()
    for label, names in (("ORG", ORG_LABELS), ("PERSON", PERSON_LABELS), ("PLACE", PLACE_LABELS)):
        if upper in names:
            return label
    return None


def speaker_text(raw: Any) -> str | None:
    """A speaker's name from a string or a ``{name|text}`` object; None when there is none."""
    if isinstance(raw, dict):
        raw = raw.get("name") or raw.get("text")
    if isinstance(raw, str) and raw.strip():
        return raw
    return None


def same_speaker(gold: str | None, pred: str | None) -> bool:
    """Whether a predicted speaker names the gold one (a shared name word is enough)."""
    if gold is None or pred is None:
        return gold is None and pred is None
    gold_words = set(word_list(gold))
    if gold_words <= PRONOUNS:  # the gold only says "she": any resolved name is accepted
        return True
    return bool((gold_words - NAME_FILLERS) & (set(word_list(pred)) - NAME_FILLERS))


def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    """Counts with precision, recall and F1 rounded to 4 places (empty sides score 1.0)."""
    precision = tp / n_pred if n_pred else float(n_gold == 0)
    recall = tp / n_gold if n_gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "pred": n_pred, "gold": n_gold,
            "p": round(precision, 4), "r": round(recall, 4), "f1": round(f1, 4)}


# --- entities ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entity:
    label: str | None
    forms: frozenset[str]
    text: str
    optional: bool = False


def _forms(text: str, aliases: Iterable[Any]) -> frozenset[str]:
    return frozenset(fold(form) for form in [text, *aliases] if isinstance(form, str))


def _predicted_entities(pred: Iterable[dict]) -> list[_Entity]:
    """Scorable predictions, one per (label, folded text)."""
    seen: set[tuple[str, str]] = set()
    entities = []
    for item in pred:
        label = entity_label(item.get("label"))
        if label is None or not item.get("text"):
            continue
        key = (label, fold(item["text"]))
        if key in seen:
            continue
        seen.add(key)
        entities.append(_Entity(label, _forms(item["text"], item.get("aliases") or []), item["text"]))
    return entities


def score_entities(gold: list[dict], pred: list[dict]) -> dict:
    """P/R/F1 of distinct entities, with the missed, spurious and mislabelled ones."""
    golds = [_Entity(entity_label(g["label"]), _forms(g["text"], g.get("aliases") or []), g["text"],
                     bool(g.get("optional"))) for g in gold]
    matched: set[int] = set()
    ignored = 0
    false_positives: list[str] = []
    wrong_label: list[str] = []
    predicted = _predicted_entities(pred)
    for entity in predicted:
        # The first gold entity that shares a form decides, as in score.py.
        hit = next((i for i, g in enumerate(golds) if g.label == entity.label and g.forms & entity.forms), None)
        if hit is None:
            same_name = any(g.forms & entity.forms for g in golds)
            (wrong_label if same_name else false_positives).append(f"{entity.text} [{entity.label}]")
        elif golds[hit].optional:
            ignored += 1
        else:
            matched.add(hit)
    required = [i for i, g in enumerate(golds) if not g.optional]
    result = prf(len(matched), len(predicted) - ignored, len(required))
    result["missed"] = [f"{golds[i].text} [{golds[i].label}]" for i in required if i not in matched]
    result["false_positives"] = false_positives
    result["wrong_label"] = wrong_label
    return result


# --- quotes --------------------------------------------------------------------------------


def word_cover(gold: str, pred: str) -> tuple[float, float]:
    """Share of the gold quote's distinct words found in the prediction, and the reverse."""
    gold_words, pred_words = set(word_list(gold)), set(word_list(pred))
    if not gold_words or not pred_words:
        return 0.0, 0.0
    shared = len(gold_words & pred_words)
    return shared / len(gold_words), shared / len(pred_words)


def _quote_pairs(gold: list[dict], texts: list[str]) -> list[tuple[float, int, int]]:
    """Every acceptable (gold, prediction) pair, best first.

    Equal scores put the later gold quote, then the later prediction, first: score.py sorts
    the same tuples in reverse, and which pairs win changes the speaker score.
    """
    pairs = []
    for gi, item in enumerate(gold):
        for pi, text in enumerate(texts):
            gold_cover, pred_cover = word_cover(item["text"], text)
            if gold_cover >= MIN_GOLD_COVER and pred_cover >= MIN_PRED_COVER:
                pairs.append((gold_cover + pred_cover, gi, pi))
    return sorted(pairs, reverse=True)


def score_quotes(gold: list[dict], pred: list[dict]) -> tuple[dict, dict]:
    """Detection P/R/F1 of direct quotes, and the same counting only right speakers."""
    texts = [q.get("text") or "" for q in pred]
    speakers = [speaker_text(q.get("speaker")) for q in pred]
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    found = attributed = ignored = 0
    wrong_speaker: list[str] = []
    for _, gi, pi in _quote_pairs(gold, texts):
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        if gold[gi].get("optional"):
            ignored += 1
            continue
        found += 1
        if same_speaker(gold[gi].get("speaker"), speakers[pi]):
            attributed += 1
        else:
            wrong_speaker.append(f"{gold[gi]['text'][:50]}… gold={gold[gi].get('speaker')} pred={speakers[pi]}")
    n_gold = sum(not g.get("optional") for g in gold)
    n_pred = len(pred) - ignored
    detection = prf(found, n_pred, n_gold)
    detection["missed"] = [g["text"][:70] for i, g in enumerate(gold) if i not in used_gold and not g.get("optional")]
    detection["false_positives"] = [t[:70] for i, t in enumerate(texts) if i not in used_pred]
    with_speaker = prf(attributed, n_pred, n_gold)
    with_speaker["wrong_speaker"] = wrong_speaker
    return detection, with_speaker


# --- figures -------------------------------------------------------------------------------


def figure_kind(raw: str | None) -> str:
    """count | money | percent for the kind names tools use (other strings pass through)."""
    lowered = (raw or "").lower()
    return FIGURE_KIND_SYNONYMS.get(lowered, lowered)


def currency(raw: Any) -> str | None:
    """An ISO 4217 code for a unit or currency sign, or None when there is none."""
    if not raw:
        return None
    unit = str(raw).strip()
    return CURRENCY_SYNONYMS.get(unit.lower(), unit.upper())


@dataclass(frozen=True)
class _Figure:
    kind: str
    value: float
    currency: str | None
    label: str


def _predicted_figures(pred: Iterable[dict]) -> list[_Figure]:
    """Predictions with a scored kind and a numeric value; the rest are not counted."""
    figures = []
    for item in pred:
        kind = figure_kind(item.get("kind"))
        try:
            value = float(item.get("value"))
        except (TypeError, ValueError):
            continue
        if kind in FIGURE_KINDS:
            figures.append(_Figure(kind, value, currency(item.get("unit")), f"{item.get('text', value)} ({kind})"))
    return figures


def _figure_matches(gold: dict, figure: _Figure) -> bool:
    kind, value = figure_kind(gold["kind"]), float(gold["value"])
    if figure.kind != kind or abs(figure.value - value) > FIGURE_TOLERANCE * max(abs(value), 1e-9):
        return False
    wanted = currency(gold.get("unit"))
    return not (kind == "money" and wanted and figure.currency != wanted)


def score_figures(gold: list[dict], pred: list[dict]) -> dict:
    """P/R/F1 of figures matched one-to-one, each gold figure taking the first fit."""
    predicted = _predicted_figures(pred)
    used: set[int] = set()
    found = ignored = 0
    missed = []
    for item in gold:
        hit = next((i for i, f in enumerate(predicted) if i not in used and _figure_matches(item, f)), None)
        if hit is not None:
            used.add(hit)
        # score.py has no optional figures; its docstring's rule for optional items applies here.
        if item.get("optional"):
            ignored += hit is not None
        elif hit is None:
            missed.append(f"{item['text']} ({figure_kind(item['kind'])})")
        else:
            found += 1
    n_gold = sum(not g.get("optional") for g in gold)
    result = prf(found, len(predicted) - ignored, n_gold)
    result["missed"] = missed
    result["false_positives"] = [f.label for i, f in enumerate(predicted) if i not in used]
    return result


# --- interview -----------------------------------------------------------------------------


def score_interview(gold: dict, pred: Any) -> dict:
    """Checks of interviewee, interviewer and number of turns."""
    pred = pred if isinstance(pred, dict) else {}
    turns = pred.get("turns")
    n_turns = len(turns) if isinstance(turns, list) else turns
    return {
        "interviewee_ok": same_speaker(gold["interviewee"], speaker_text(pred.get("interviewee"))),
        "interviewer_ok": same_speaker(gold.get("interviewer"), speaker_text(pred.get("interviewer"))),
        "turns_ok": n_turns == gold["turns"],
        "turns": n_turns,
        "gold_turns": gold["turns"],
    }


# --- documents and totals ------------------------------------------------------------------


def language_code(record: dict) -> str | None:
    """The record's language code, whether given as a string or as ``{"code": ...}``."""
    language = record.get("language")
    return language.get("code") if isinstance(language, dict) else language


def direct_quotes(record: dict) -> list[dict]:
    """The record's quotes that are scored (indirect speech is left out)."""
    return [q for q in record.get("quotes") or []
            if isinstance(q, dict) and q.get("type") not in INDIRECT_QUOTE_TYPES]


def score_document(gold: dict, record: dict | None) -> dict:
    """Every check of one gold document against its record (None when no record was found)."""
    record = record or {}
    result: dict[str, Any] = {"doc": gold["doc"], "found": bool(record)}
    if "kind" in gold:
        result["kind_ok"] = record.get("kind") == gold["kind"]
        result["is_interview_ok"] = (record.get("kind") == "interview") == (gold["kind"] == "interview")
    if "language" in gold:
        result["language_ok"] = language_code(record) == gold["language"]
    if "entities" in gold:
        result["entities"] = score_entities(gold["entities"], record.get("entities") or [])
    if "figures" in gold:
        result["figures"] = score_figures(gold["figures"], record.get("figures") or [])
    if "quotes" in gold:
        result["quotes"], result["quotes+speaker"] = score_quotes(gold["quotes"], direct_quotes(record))
    if gold.get("interview"):
        result["interview"] = score_interview(gold["interview"], record.get("interview"))
    return result


def summarize(results: list[dict]) -> dict:
    """Micro totals over documents, accuracies, and how many records were found."""
    summary: dict[str, Any] = {}
    for metric in COUNTED_METRICS:
        scored = [r[metric] for r in results if metric in r]
        summary[metric] = prf(*(sum(s[k] for s in scored) for k in ("tp", "pred", "gold"))) if scored else None
    for name, check in ACCURACIES.items():
        summary[name] = _share([r[check] for r in results if check in r])
    summary["found"] = f"{sum(r['found'] for r in results)}/{len(results)}"
    interview_checks = [ok for r in results if "interview" in r
                        for key, ok in r["interview"].items() if key.endswith("_ok")]
    if interview_checks:
        summary["interview_acc"] = _share(interview_checks)
    return summary


def _share(flags: list[bool]) -> float | None:
    return round(sum(flags) / len(flags), 4) if flags else None


# --- files ---------------------------------------------------------------------------------


def load_gold(folder: Path) -> list[dict]:
    """Every gold annotation under ``folder`` (``*.json``, recursively, in path order)."""
    if not folder.is_dir():
        raise EvaluationInputError(f"gold folder does not exist: {folder}")
    golds = []
    for path in sorted(folder.rglob("*.json")):
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise EvaluationInputError(f"{path} is not valid JSON: {exc}") from None
        if not isinstance(gold, dict) or not isinstance(gold.get("doc"), str):
            raise EvaluationInputError(f"{path} has no \"doc\" naming the annotated document")
        golds.append(gold)
    if not golds:
        raise EvaluationInputError(f"no gold files (*.json) under {folder}")
    return golds


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None


def find_record(records: Path, doc: str) -> dict | None:
    """The record of gold document ``doc``: ``<stem>.json`` anywhere under ``records``,
    else a record whose ``source.path`` is ``doc`` or ends in ``/doc``."""
    for path in sorted(records.rglob(f"{Path(doc).stem}.json")):
        record = _read_json(path)
        if isinstance(record, dict):
            return record
    for path in sorted(records.rglob("*.json")):
        record = _read_json(path)
        source = record.get("source") if isinstance(record, dict) else None
        source_path = source.get("path") if isinstance(source, dict) else source
        if isinstance(source_path, str) and (source_path == doc or source_path.replace("\\", "/").endswith("/" + doc)):
            return record
    return None


def evaluate(gold_dir: Path, records_dir: Path) -> dict:
    """``{"documents": [per-document checks], "summary": micro totals}`` for a records folder."""
    if not records_dir.is_dir():
        raise EvaluationInputError(f"records folder does not exist: {records_dir}")
    results = [score_document(gold, find_record(records_dir, gold["doc"])) for gold in load_gold(gold_dir)]
    return {"documents": results, "summary": summarize(results)}


# --- floors --------------------------------------------------------------------------------


def metric_value(summary: Mapping[str, Any], metric: str) -> Any:
    """A value of the summary by dotted name, e.g. ``entities.f1`` or ``kind_acc``."""
    node: Any = summary
    for part in metric.split("."):
        node = node.get(part) if isinstance(node, Mapping) else None
    return node


def unmet_floors(summary: Mapping[str, Any], floors: Mapping[str, float]) -> list[str]:
    """One message per metric below its floor (a missing metric counts as below)."""
    unmet = []
    for metric, floor in floors.items():
        value = metric_value(summary, metric)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < floor:
            unmet.append(f"{metric}={value} < {floor}")
    return unmet
