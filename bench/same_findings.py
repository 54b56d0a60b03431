"""Proof that a refactoring changed nothing: a canonical digest of every finding and alignment link.

Checks every document of corpora/ (each ``translation*.en.txt`` against its
``source.fr.txt``) and a fixed sample of the wmt-news test sets (consecutive
lines cut into 25-line documents, one paragraph per line), each with and
without the similarity encoder, and writes one canonical JSON file: per
document and setting, every alignment link (source and target sentence
indices, cost) and every finding (code, severity, message, spans,
suggestion). No MT model, no cache, so the digest depends on the code alone.

wmt-news is looked for beside the checkout (``TQCHECK_SHARED_DATA``, else
``../shared/data`` or ``../../shared/data``) and skipped with a message when
absent. The digest holds sentence offsets and the text of flagged spans, so it
belongs in /tmp, never in the repository.

    python -m bench.same_findings write /tmp/before.json     # before the change
    python -m bench.same_findings check /tmp/before.json     # after it: exit 1 and the first differences
    python -m bench.same_findings compare A.json B.json      # two written digests
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WMT_FILES = ("newstest2009", "newstest2012")  # the sample: the first lines of each
WMT_DOCS_PER_FILE = 20
WMT_LINES_PER_DOC = 25


def shared_data() -> Path | None:
    """The shared data folder beside this checkout (a main checkout or a worktree one level deeper)."""
    candidates = [
        os.environ.get("TQCHECK_SHARED_DATA"),
        ROOT.parent / "shared" / "data",
        ROOT.parent.parent / "shared" / "data",
    ]
    for c in candidates:
        if c and (Path(c) / "wmt-news").is_dir():
            return Path(c)
    return None


def corpora_documents() -> list[tuple[str, str, str]]:
    """(name, French text, English text) for every translation of every corpus folder."""
    docs = []
    for folder in sorted(p for p in (ROOT / "corpora").iterdir() if (p / "source.fr.txt").exists()):
        source = (folder / "source.fr.txt").read_text(encoding="utf-8")
        for translation in sorted(folder.glob("translation*.en.txt")):
            docs.append(
                (f"corpora/{folder.name}/{translation.name}", source, translation.read_text(encoding="utf-8"))
            )
    return docs


def wmt_documents(data: Path) -> list[tuple[str, str, str]]:
    """The fixed wmt-news sample: 25 consecutive lines a document, one paragraph per line."""
    docs = []
    for name in WMT_FILES:
        fr = (data / "wmt-news" / f"{name}.fr").read_text(encoding="utf-8").split("\n")
        en = (data / "wmt-news" / f"{name}.en").read_text(encoding="utf-8").split("\n")
        for d in range(WMT_DOCS_PER_FILE):
            lo, hi = d * WMT_LINES_PER_DOC, (d + 1) * WMT_LINES_PER_DOC
            docs.append((f"wmt-news/{name}:{lo + 1}-{hi}", "\n".join(fr[lo:hi]), "\n".join(en[lo:hi])))
    return docs


def _span(span: Any) -> list[Any] | None:
    if span is None:
        return None
    return [span.sentence, span.start, span.end, span.text, span.label]


def digest_report(report: Any) -> dict[str, Any]:
    """The parts of a report a behaviour-preserving change must leave as they are."""
    return {
        "method": report.alignment.method,
        "links": [[list(k.source), list(k.target), k.cost] for k in report.alignment.links],
        "findings": [
            {
                "code": f.code,
                "severity": f.severity.value,
                "message": f.message,
                "link": f.link,
                "source": _span(f.source),
                "target": _span(f.target),
                "related": [_span(r) for r in f.related],
                "suggestion": f.suggestion,
            }
            for f in report.findings
        ],
    }


def build_digest(include_wmt: bool = True) -> dict[str, Any]:
    """Check every document in both settings; the digest keyed by ``setting:document``."""
    from tqcheck.api import check_texts
    from tqcheck.config import Config
    from tqcheck.scoring import Scorer

    docs = corpora_documents()
    data = shared_data() if include_wmt else None
    if data is not None:
        docs += wmt_documents(data)
    elif include_wmt:
        print("same_findings: wmt-news not found beside the checkout; corpora only", file=sys.stderr)
    out: dict[str, Any] = {}
    for similarity in (False, True):
        config = Config(similarity=similarity, cache=False, model=None, adjudicate="off")
        scorer = Scorer(config)
        setting = "similarity" if similarity else "anchors"
        t0 = time.perf_counter()
        for name, fr, en in docs:
            out[f"{setting}:{name}"] = digest_report(check_texts(fr, en, config, scorer=scorer))
        print(
            f"same_findings: {setting}: {len(docs)} documents in {time.perf_counter() - t0:.1f} s",
            file=sys.stderr,
        )
    return out


def canonical(digest: dict[str, Any]) -> str:
    return json.dumps(digest, sort_keys=True, ensure_ascii=False, indent=0) + "\n"


def differences(before: dict[str, Any], after: dict[str, Any], limit: int = 10) -> list[str]:
    """Human-readable differences, the first ``limit`` of them."""
    out: list[str] = []
    for key in sorted(set(before) | set(after)):
        if key not in after:
            out.append(f"{key}: missing after")
        elif key not in before:
            out.append(f"{key}: new after")
        elif before[key] != after[key]:
            b, a = before[key], after[key]
            for part in ("method", "links", "findings"):
                if b.get(part) != a.get(part):
                    out.append(
                        f"{key}: {part} differ: {json.dumps(b.get(part))[:300]} != {json.dumps(a.get(part))[:300]}"
                    )
        if len(out) >= limit:
            break
    return out


def _summary(digest: dict[str, Any]) -> str:
    n_links = sum(len(d["links"]) for d in digest.values())
    n_findings = sum(len(d["findings"]) for d in digest.values())
    sha = hashlib.sha256(canonical(digest).encode()).hexdigest()[:16]
    return f"{len(digest)} document runs, {n_links} links, {n_findings} findings, sha256 {sha}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.same_findings", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    w = sub.add_parser("write", help="check the documents and write the digest")
    w.add_argument("digest", type=Path)
    c = sub.add_parser("check", help="check the documents and compare with a written digest")
    c.add_argument("digest", type=Path)
    for p in (w, c):
        p.add_argument("--no-wmt", action="store_true", help="corpora/ only")
    cmp_ = sub.add_parser("compare", help="compare two written digests")
    cmp_.add_argument("before", type=Path)
    cmp_.add_argument("after", type=Path)
    args = parser.parse_args(argv)

    if args.command == "write":
        digest = build_digest(not args.no_wmt)
        tmp = args.digest.with_name(args.digest.name + ".tmp")
        tmp.write_text(canonical(digest), encoding="utf-8")
        tmp.replace(args.digest)
        print(f"wrote {args.digest}: {_summary(digest)}")
        return 0
    before = json.loads(
        (args.before if args.command == "compare" else args.digest).read_text(encoding="utf-8")
    )
    if args.command == "compare":
        after = json.loads(args.after.read_text(encoding="utf-8"))
    else:
        after = build_digest(not args.no_wmt)
        if args.no_wmt:
            before = {k: v for k, v in before.items() if ":wmt-news/" not in k}
    diff = differences(before, after)
    if diff:
        print("\n".join(["different:", *diff]))
        return 1
    print(f"identical: {_summary(after)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
