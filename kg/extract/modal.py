"""The modal cues that open a directive, and the words directives are read with.

A cue (lexicon ``modal_cues``: 要, 必须, 不得, 鼓励…) is a token jieba gives
exactly; adjacent cues make one run (要坚决…, 鼓励和支持…), whose modality a
prohibiting cue decides.  The word lists of the reading (prescriptive verbs
and adverbs, agent suffixes…) are loaded here once.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from ..data import lexicon, words
from ..text.tokens import tagged as _tagged, tagged_line


@lru_cache(maxsize=20000)
def tags(text: str, hmm: bool = False) -> tuple[tuple[str, str, int], ...]:
    """jieba's tags, a domain word it was given without a tag (自贸试验区) taken for a noun."""
    return tuple((w, "n" if f == "x" and "\u4e00" <= w[0] <= "\u9fff" else f, a)
                 for w, f, a in (tagged_line(text) if not hmm else _tagged(text, hmm=True)))


@dataclass(frozen=True)
class Cue:
    word: str
    modality: str
    kind: str  # verb, adverb or object (see the lexicon)


@cache
def cues() -> dict[str, Cue]:
    return {row[0]: Cue(row[0], row[1], row[2]) for row in lexicon("modal_cues")}


@cache
def vocab() -> dict[str, tuple[str, ...]]:
    by_len = lambda ws: tuple(sorted(ws, key=len, reverse=True))
    return {name: by_len(words(name)) for name in (
        "prescriptive_verbs", "prescriptive_adverbs", "non_prescriptive_verbs", "agent_suffixes", "pronouns",
        "prescriptive_doc_types", "not_organ_endings")}


def modality(run: list[Cue]) -> str:
    """坚决杜绝 is a prohibition: any prohibiting cue in a run decides."""
    return "prohibition" if any(c.modality == "prohibition" for c in run) else run[0].modality


def cue_runs(tokens, start: int, end: int) -> list[tuple[int, int, list[Cue]]]:
    """Cue tokens in [start, end), adjacent ones merged (要坚决…, 坚决杜绝…, 鼓励和支持…);
    not one before 的, which qualifies a noun (经法律授权的组织, 促进产需的平衡), nor one
    after 关于, which names a topic (关于禁止化学武器的公约, 关于支持…的请示)."""
    table = cues()
    runs: list[tuple[int, int, list[Cue]]] = []
    between = ""
    for i, (word, _, a) in enumerate(tokens):
        b = a + len(word)
        if a < start or b > end:
            continue
        if word not in table or word == "建议" and a != start or i + 1 < len(tokens) and tokens[i + 1][0] == "的" \
                or i and (tokens[i - 1][0] == "关于" or tokens[i - 1][0] == "的" and table[word].kind == "object"):
            between = between + word if runs and runs[-1][1] <= a else ""
            continue  # 意见建议, 决策建议: the noun
        joined = runs and (runs[-1][1] == a or (between in ("和", "、", "及", "并") and runs[-1][1] + len(between) == a
                                                and runs[-1][2][-1].kind == table[word].kind == "object"))
        if joined:
            runs[-1] = (runs[-1][0], b, runs[-1][2] + [table[word]])
        else:
            runs.append((a, b, [table[word]]))
        between = ""
    return runs


def action_start(text: str, run: list[Cue], r_start: int) -> int:
    """After the last modal verb of the run; adverbs (带头, 坚决) stay in the action."""
    pos = r_start
    for cue in run:
        if cue.kind in ("verb", "object"):
            pos = text.index(cue.word, pos) + len(cue.word)
    return pos
