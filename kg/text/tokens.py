"""jieba, set up once with this domain's words (roles, modal cues, terms)."""
from __future__ import annotations

import re
from functools import cache, lru_cache

import jieba
import jieba.posseg

from ..data import lexicon, words


@cache
def tokenizer() -> jieba.Tokenizer:
    from ..extract import roles  # the role scheme is part of the vocabulary

    jieba.setLogLevel(60)
    t = jieba.Tokenizer()
    extra = [*roles.scheme().preferred, *(row[0] for row in lexicon("modal_cues")), *words("jieba_words")]
    for word in extra:
        t.add_word(word, freq=20000)
    for pair in lexicon("jieba_splits"):
        t.suggest_freq(pair, tune=True)
    return t


@cache
def tagger() -> jieba.posseg.POSTokenizer:
    return jieba.posseg.POSTokenizer(tokenizer())


def tagged(text: str, hmm: bool = True) -> list[tuple[str, str, int]]:
    """(word, part of speech, offset) for every token of ``text``.  ``hmm``:
    also guess words not in the dictionary (names), at about twice the cost."""
    out, pos = [], 0
    for pair in tagger().cut(text, HMM=hmm):
        out.append((pair.word, pair.flag, pos))
        pos += len(pair.word)
    return out


def release() -> None:
    """Let go of the tokenizers (about 110 MB of dictionaries); the next use loads them again (~1.5 s)."""
    tagger.cache_clear()
    tokenizer.cache_clear()


@lru_cache(maxsize=4096)
def tagged_line(text: str) -> tuple[tuple[str, str, int], ...]:
    """:func:`tagged` without the HMM, kept for the last lines seen: directives
    and named things tag the same paragraphs.

    Tagged clause by clause, each clause kept: jieba cuts a text into runs of
    Han letters, Latin letters and digits and tags each run alone (punctuation
    one character at a time), so cutting after a ，or 。 changes no token, and
    a clause met again (the same paragraph with its quotations blanked, for
    directives; a formula many documents repeat) is not tagged again."""
    out: list[tuple[str, str, int]] = []
    start = 0
    for m in _CLAUSE_END.finditer(text):
        out.extend((w, f, a + start) for w, f, a in _tagged_clause(text[start:m.end()]))
        start = m.end()
    if start < len(text):
        out.extend((w, f, a + start) for w, f, a in _tagged_clause(text[start:]))
    return tuple(out)


# what ends a clause: punctuation jieba never joins to a word (outside its runs of [\u4E00-\u9FD5a-zA-Z0-9+#&._])
_CLAUSE_END = re.compile("[，。；：！？、,;!?]")


@lru_cache(maxsize=16384)
def _tagged_clause(text: str) -> tuple[tuple[str, str, int], ...]:
    return tuple(tagged(text, hmm=False))


@lru_cache(maxsize=4096)
def tagged_phrase(text: str) -> tuple[tuple[str, str, int], ...]:
    """:func:`tagged` with the HMM, of a few characters (the words around a
    title, a list's item), kept: the same ones come again and again."""
    return tuple(tagged(text))
