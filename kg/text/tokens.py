"""jieba, set up once with this domain's words (roles, modal cues, terms)."""
from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import re
import sys
from functools import cache, lru_cache
from pathlib import Path

from ..data import lexicon, words


def _import_jieba():
    """jieba and its tagger's module, without 0.3 s of work at import that kg
    does not use (every build starts with it, with a core idle): jieba's
    ``_compat`` imports pkg_resources only to open its own files (it opens
    them directly without it), and ``jieba.posseg`` makes a default tagger
    by reading jieba's 350,000-line dictionary.  kg tags with its own tables
    (:class:`_Tagger`), so that reading is put off to the default tagger's
    first use, where jieba would have done it: ``jieba.posseg.cut`` still
    tags as it always did."""
    if "jieba.posseg" in sys.modules:
        return sys.modules["jieba"], sys.modules["jieba.posseg"]
    hidden = "pkg_resources" not in sys.modules
    if hidden:
        sys.modules["pkg_resources"] = None  # an ImportError: jieba takes its fallback
    try:
        import jieba
    finally:
        if hidden:
            del sys.modules["pkg_resources"]
    dictionary, jieba.dt.dictionary = jieba.dt.dictionary, os.devnull
    try:
        import jieba.posseg as posseg
    finally:
        jieba.dt.dictionary = dictionary
    default = posseg.dt
    if not default.word_tag_tab:  # cut() calls this first: the table is read then
        def first_use(loaded=default.makesure_userdict_loaded) -> None:
            del default.makesure_userdict_loaded
            default.load_word_tag(default.tokenizer.get_dict_file())
            loaded()
        default.makesure_userdict_loaded = first_use
    return jieba, posseg


jieba, _ = _import_jieba()
import jieba.finalseg as finalseg  # noqa: E402 - imported with jieba above
import jieba.posseg  # noqa: E402


@cache
def tokenizer() -> jieba.Tokenizer:
    t = jieba.Tokenizer()
    t.FREQ, t.total, _, splits = _tables()
    t.initialized = True
    finalseg.Force_Split_Words.update(splits)  # jieba's HMM reads this global set
    return t


@cache
def tagger() -> jieba.posseg.POSTokenizer:
    return _Tagger(tokenizer(), _tables()[2])


class _Tagger(jieba.posseg.POSTokenizer):
    """jieba's tagger, given its word → tag table rather than reading it from the dictionary file."""

    def __init__(self, tokenizer: jieba.Tokenizer, tags: dict) -> None:
        self.tokenizer, self.word_tag_tab = tokenizer, tags


@cache
def _tables() -> tuple[dict, int, dict, list]:
    """jieba's tables with this domain's words: its words' frequencies (with
    their prefixes), their total, its tags, and the words to split.

    Kept in the user's cache folder: made from jieba's dictionary they took
    about 1 s, loaded 0.3 s (jieba's own cache reads its file with
    ``marshal.load``, four times slower than ``loads`` of its bytes).  Keyed
    by jieba's version, Python's (marshal's format) and this domain's words."""
    from ..extract import roles  # the role scheme is part of the vocabulary

    extra = [*roles.scheme().preferred, *(row[0] for row in lexicon("modal_cues")), *words("jieba_words")]
    splits = lexicon("jieba_splits")
    key = hashlib.sha256(repr((jieba.__version__, sys.version, extra, splits)).encode()).hexdigest()[:16]
    folder = _cache_folder()
    path = folder / f"jieba-{key}.marshal" if folder else None
    if path is not None:
        with contextlib.suppress(OSError, EOFError, ValueError, TypeError):
            tables = marshal.loads(path.read_bytes())
            if isinstance(tables, tuple) and len(tables) == 4:
                return tables
    jieba.setLogLevel(60)
    t = jieba.Tokenizer()
    for word in extra:
        t.add_word(word, freq=20000)
    forced = set(finalseg.Force_Split_Words)
    for pair in splits:
        t.suggest_freq(pair, tune=True)
    tags = jieba.posseg.POSTokenizer(t).word_tag_tab
    tables = (t.FREQ, t.total, tags, sorted(finalseg.Force_Split_Words - forced))
    if path is not None:
        with contextlib.suppress(OSError):  # not kept where the folder cannot be written
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(marshal.dumps(tables))
            os.replace(tmp, path)
    return tables


def _cache_folder() -> Path | None:
    """The user's cache folder for kg (XDG's rules: a relative XDG_CACHE_HOME is ignored); None without a home."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.expanduser("~/.cache")  # left as it is when there is no home
    return Path(base) / "kg" if os.path.isabs(base) else None


def tagged(text: str, hmm: bool = True) -> list[tuple[str, str, int]]:
    """(word, part of speech, offset) for every token of ``text``.  ``hmm``:
    also guess words not in the dictionary (names), at about twice the cost."""
    out, pos = [], 0
    for pair in tagger().cut(text, HMM=hmm):
        out.append((pair.word, pair.flag, pos))
        pos += len(pair.word)
    return out


def release() -> None:
    """Let go of the tokenizers (about 110 MB of dictionaries); the next use loads them again (~0.3 s)."""
    tagger.cache_clear()
    tokenizer.cache_clear()
    _tables.cache_clear()


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
