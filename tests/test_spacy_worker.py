"""The helper process that loads and runs spaCy for a one-page check (tqcheck.spacy_worker).

Each test runs in a new interpreter: the worker is forked only from a
process with one thread that has not loaded spaCy, as at the start of
``tqcheck check``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from helpers import run_cli, run_fresh_python

ROOT = Path(__file__).resolve().parent.parent

# Analyses of a few sentences of my own (pronouns, names, curly apostrophes), printed as JSON.
_ANALYSE = """
import json, sys
sys.path.insert(0, "tests")
from helpers import make_alignment
from tqcheck import nlp, spacy_worker
ROWS = [
    ("L’armée a indiqué qu’elle poursuivait sa progression vers Kidal.", "x"),
    ("Marie Dupont a rencontré les dirigeants de la Minusma à Bamako.", "y"),
    ("Le maire de Lyon, Jean Martin, les a reçus mardi.", "z"),
]
def analyse():
    a = nlp.Analysis(make_alignment(ROWS))
    a.parse_many("source", [0, 2])
    b = nlp.Analysis(make_alignment(ROWS))
    b.entities_many("source", [1, 2])
    ner = nlp.ner_pipeline("fr")
    called = [(e.text, e.label_, e.start_char, e.end_char) for e in ner(ROWS[2][0]).ents]
    piped = [[(e.text, e.label_, e.start_char, e.end_char) for e in d.ents] for d in ner.pipe([r[0] for r in ROWS])]
    return {
        "single": [[list(map(repr, (t.text, t.lemma, t.pos, t.start, t.end, t.morph, t.dep, t.head))) for t in a.tokens("source", i)] for i in range(3)],
        "batch": [repr(a.tokens("source", i)) for i in (0, 2)],
        "entities": [repr(b.entities("source", i)) for i in range(3)],
        "ner_call": called,
        "ner_pipe": piped,
    }
"""


def _analyses(tmp_path: Path, body: str) -> dict:
    out = run_fresh_python(_ANALYSE + body, tmp_path, timeout=300)
    return json.loads(out.strip().splitlines()[-1])


def test_the_worker_gives_the_tokens_and_entities_of_a_pipeline_in_the_process(tmp_path):
    result = _analyses(
        tmp_path,
        "assert spacy_worker.start() and spacy_worker.adopt()\n"
        "assert spacy_worker.serves('fr') and isinstance(nlp.ner_pipeline('fr'), spacy_worker.RemoteRecogniser)\n"
        "remote = analyse()\n"
        "assert 'spacy' not in sys.modules  # all of it ran in the worker\n"
        "spacy_worker.stop()\n"
        "assert not spacy_worker.serves('fr')\n"
        "print(json.dumps({'remote': remote, 'local': analyse()}))\n",
    )
    assert result["remote"] == result["local"]
    assert ["Marie Dupont", "PER"] in [e[:2] for e in result["local"]["ner_pipe"][1]]


def test_a_failed_load_in_the_worker_raises_the_error_a_load_here_raises(tmp_path):
    out = run_fresh_python(
        _ANALYSE + "from tqcheck.errors import ConfigError\n"
        "nlp.SPACY_MODELS['fr'] = 'fr_no_such_model_here'\n"
        "def error():\n"
        "    try:\n"
        "        nlp.Analysis(make_alignment(ROWS)).tokens('source', 0)\n"
        "    except ConfigError as exc:\n"
        "        return str(exc)\n"
        "assert spacy_worker.start() and spacy_worker.adopt()\n"
        "remote = error()\n"
        "spacy_worker.stop()\n"
        "print(json.dumps([remote, error()]))\n",
        tmp_path,
    )
    remote, local = json.loads(out.strip().splitlines()[-1])
    assert remote == local and "fr_no_such_model_here" in remote and "make setup" in remote


def test_a_worker_that_died_leaves_the_process_to_load_its_own_pipeline(tmp_path):
    result = _analyses(
        tmp_path,
        "import os, signal\n"
        "assert spacy_worker.start() and spacy_worker.adopt()\n"
        "os.kill(spacy_worker._worker.pid, signal.SIGKILL)\n"
        "os.waitpid(spacy_worker._worker.pid, 0)\n"
        "after = analyse()\n"
        "assert not spacy_worker.serves('fr') and 'spacy' in sys.modules\n"
        "print(json.dumps({'after': after, 'local': analyse()}))\n",
    )
    assert result["after"] == result["local"]


def test_no_worker_from_a_process_with_other_threads_or_when_switched_off(tmp_path):
    out = run_fresh_python(
        "import os, threading\n"
        "from tqcheck import spacy_worker\n"
        "os.environ['TQCHECK_SPACY_WORKER'] = '0'\n"
        "off = spacy_worker.start()\n"
        "del os.environ['TQCHECK_SPACY_WORKER']\n"
        "stop = threading.Event()\n"
        "t = threading.Thread(target=stop.wait); t.start()\n"
        "threaded = spacy_worker.start()\n"
        "stop.set(); t.join()\n"
        "print(off, threaded, spacy_worker.adopt())\n",
        tmp_path,
    )
    assert out.split() == ["False", "False", "False"]


def _check_json(cache: Path, worker: str) -> tuple[dict, str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TQCHECK_CACHE_DIR": str(cache),
        "TQCHECK_SPACY_WORKER": worker,
    }
    out = run_cli(["check", "corpora/kidal", "--format", "json", "--no-cache"], env)
    assert out.returncode in (0, 1), out.stderr
    return json.loads(out.stdout), out.stderr


def test_the_command_reports_the_same_findings_with_and_without_the_worker(tmp_path):
    with_worker, err = _check_json(tmp_path, "1")
    without, _ = _check_json(tmp_path, "0")
    assert with_worker["findings"] and with_worker["findings"] == without["findings"]
    assert "Traceback" not in err


def test_lemminflect_is_imported_without_importing_spacy(tmp_path):
    out = run_fresh_python(
        "import sys\n"
        "from tqcheck.lang.inflection import inflected\n"
        "print(inflected('take', 'VBD'), inflected('child', 'NNS'), 'spacy' in sys.modules, 'torch' in sys.modules)\n"
        "import spacy\n"
        "print(spacy.__name__)\n",
        tmp_path,
    )
    assert out.split() == ["took", "children", "False", "False", "spacy"]


def test_a_one_page_check_leaves_spacy_to_the_worker(tmp_path):
    """Every rule of a default check, on a page with pronouns and names, asks the worker, never spaCy here.

    A rule that imports spaCy for a word list (its stop words, say) costs a
    quarter of a second in the main process and undoes the worker; such lists
    come from the cache folder. The second run is the one that counts: the
    first fills the cache.
    """
    probe = (
        "import atexit, os, sys\n"
        "me = os.getpid()\n"
        "atexit.register(lambda: os.getpid() == me and print('spaCy imported here:', 'spacy' in sys.modules))\n"
        "sys.argv = ['tqcheck', 'check', 'corpora/kidal/source.fr.txt', 'corpora/kidal/translation.en.txt', '-q']\n"
        "from tqcheck.cli import main\n"
        "main()\n"
    )
    code = f"import subprocess, sys\nsubprocess.run([sys.executable, '-c', {probe!r}], check=False)\n"
    run_fresh_python(code, tmp_path / "cache")
    assert "spaCy imported here: False" in run_fresh_python(code, tmp_path / "cache")


# Sentences sent ahead (Analysis.prefetch), as TQ201 sends the next block's French while a block's rules run.
_PREFETCH = """
from tqcheck.lang.antecedents import Resolver
more = ROWS + [("Elle est partie tôt ce matin avec sa sœur.", "w")]
def prefetched(kill=False):
    a = nlp.Analysis(make_alignment(more))
    sent = a.prefetch("source", [0, 1, 3], Resolver._wants_ner)
    again = a.prefetch("source", [0, 1, 3, 2], Resolver._wants_ner)  # only sentence 2 is new
    if kill:
        import os, signal
        os.kill(spacy_worker._worker.pid, signal.SIGKILL)
    # a request made while the two above are in flight gets its own answer
    alone = [repr(t) for t in nlp.token_lists(nlp._parser("fr"), [more[3][0]], batch=False)[0]]
    found_ahead = sorted(i for _, i in a._entities) if not kill else None
    a.parse_many("source", [0, 1, 2, 3])
    if not kill:
        found_ahead = sorted(i for _, i in a._entities)  # entities came with the parses, for named sentences only
    return {
        "sent": [sent, again], "alone": alone, "ahead": found_ahead, "pending": len(a._pending),
        "tokens": [repr(a.tokens("source", i)) for i in range(4)],
        "entities": [repr(a.entities("source", i)) for i in range(4)],
    }
"""


def test_sentences_sent_ahead_get_the_tokens_and_entities_of_a_pipeline_in_the_process(tmp_path):
    result = _analyses(
        tmp_path,
        _PREFETCH + "assert spacy_worker.start() and spacy_worker.adopt()\n"
        "remote = prefetched()\n"
        "busy = spacy_worker.cpu_seconds()\n"
        "assert 'spacy' not in sys.modules\n"
        "spacy_worker.stop()\n"
        "print(json.dumps({'remote': remote, 'local': prefetched(), 'busy': busy}))\n",
    )
    remote, local = result["remote"], result["local"]
    assert remote["sent"] == [True, True] and local["sent"] == [False, False]  # nothing is sent ahead in-process
    assert remote["ahead"] == [0, 1, 2] and remote["pending"] == 0  # sentence 3 names no one: no entities asked
    for key in ("alone", "tokens", "entities"):
        assert remote[key] == local[key], key
    assert "Marie Dupont" in remote["entities"][1] and result["busy"] > 0


def test_sentences_sent_to_a_worker_that_dies_are_analysed_here(tmp_path):
    result = _analyses(
        tmp_path,
        _PREFETCH + "assert spacy_worker.start() and spacy_worker.adopt()\n"
        "after = prefetched(kill=True)\n"
        "assert not spacy_worker.serves('fr') and 'spacy' in sys.modules\n"
        "print(json.dumps({'after': after, 'local': prefetched()}))\n",
    )
    for key in ("alone", "tokens", "entities"):
        assert result["after"][key] == result["local"][key], key


def test_a_long_document_parses_what_a_rule_needs_at_once_here_and_sends_the_rest_ahead(tmp_path):
    """Past one block of links, a sentence not sent ahead is parsed here: it would wait behind the worker's block."""
    result = _analyses(
        tmp_path,
        "from tqcheck.lang.antecedents import Resolver\n"
        "assert spacy_worker.start() and spacy_worker.adopt()\n"
        "rows = ROWS * (nlp.HERE_AFTER_LINKS // len(ROWS) + 1)\n"
        "page, long = nlp.Analysis(make_alignment(ROWS)), nlp.Analysis(make_alignment(rows))\n"
        "assert not page.parses_here and long.parses_here\n"
        "page_tokens = repr(page.tokens('source', 1))\n"
        "assert 'spacy' not in sys.modules  # a page: all of spaCy in the worker\n"
        "assert long.prefetch('source', [3, 4], Resolver._wants_ner)\n"
        "here = repr(long.tokens('source', 0))\n"
        "assert 'spacy' in sys.modules and nlp._parser('fr') is nlp.spacy_pipeline('fr')\n"
        "ahead = [repr(long.tokens('source', i)) for i in (3, 4)]\n"
        "assert not long._pending\n"
        "spacy_worker.stop()\n"
        "local = nlp.Analysis(make_alignment(rows))\n"
        "print(json.dumps({'remote': [page_tokens, here, *ahead],\n"
        "                  'local': [repr(local.tokens('source', i)) for i in (1, 0, 3, 4)]}))\n",
    )
    assert result["remote"] == result["local"]


def test_a_long_documents_first_sentences_sent_before_alignment_are_taken_as_sent_ahead(tmp_path):
    """tqcheck.parse_ahead: the worker parses them (and finds entities) while the process aligns; same analyses."""
    result = _analyses(
        tmp_path,
        "from tqcheck import parse_ahead as pa\n"
        "pa.AHEAD_SENTENCES = 5\n"
        "assert spacy_worker.start() and spacy_worker.adopt()\n"
        "rows = ROWS * (nlp.HERE_AFTER_LINKS // len(ROWS) + 1)\n"
        "al = make_alignment(rows)\n"
        "assert pa.parse_ahead(make_alignment(ROWS).source) is None  # a page: TQ201 sends its own as the rules start\n"
        "ahead = pa.parse_ahead(al.source)\n"
        "assert ahead is not None and ahead.texts == [s.text for s in al.source.sentences[:5]]\n"
        "other = nlp.Analysis(make_alignment([('Une autre phrase.', 'x'), *rows[1:]]))\n"
        "taken_other = other.adopt(ahead)  # its sentence 0 is another text: not taken\n"
        "long = nlp.Analysis(al)\n"
        "taken = long.adopt(ahead)\n"
        "remote = [repr(long.tokens('source', i)) for i in range(5)]\n"
        "unloaded = 'spacy' not in sys.modules  # every parse came from the worker\n"
        "remote += [repr(long.entities('source', i)) for i in range(5)]\n"
        "spacy_worker.stop()\n"
        "local = nlp.Analysis(al)\n"
        "expected = [repr(local.tokens('source', i)) for i in range(5)]\n"
        "expected += [repr(local.entities('source', i)) for i in range(5)]\n"
        "print(json.dumps({'taken': [taken, taken_other], 'unloaded': unloaded, 'pending': len(long._pending),\n"
        "                  'remote': remote, 'local': expected}))\n",
    )
    assert result["taken"] == [5, 4] and result["unloaded"] and result["pending"] == 0
    assert result["remote"] == result["local"]
    assert "Marie Dupont" in result["remote"][6] and "Jean Martin" in result["remote"][7]
