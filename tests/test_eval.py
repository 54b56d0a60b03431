"""The evaluation harness: the injector makes the intended change and label; the scorer counts right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tqcheck.datatypes import Finding, Severity, Span
from tqcheck.errors import InputError
from tqcheck.eval.gold import GoldFinding, GoldLink, GoldTranslation, load_gold
from tqcheck.eval.inject import KINDS, inject
from tqcheck.eval.inject import numbers as inject_names
from tqcheck.eval.inject.numbers import WEEKDAYS
from tqcheck.eval.measure import Counts, compare_findings, compare_links, spearman

SOURCE = (
    "La réunion de Bruxelles\n"
    "La Commission européenne a présenté lundi 13 novembre un plan de 30 milliards d'euros. "
    "Elle affirme que ce plan créera des emplois dans toute l'Europe. "
    "Le bilan de l'accident reste inconnu, a indiqué Mme Dupont.\n"
    "Selon le ministre, « le projet avance bien », et les travaux dureront encore deux ans. "
    "Les camions parcourent 30 kilomètres chaque jour pour rejoindre Lyon."
)
TARGET = (
    "The Brussels meeting\n"
    "The European Commission presented a 30 billion euro plan on Monday, November 13. "
    "It says the plan will create jobs across Europe. "
    "The toll of the accident remains unknown, Ms Dupont said.\n"
    "According to the minister, \"the project is going well\", and the work will last another two years. "
    "The trucks travel 30 kilometers every day to reach Lyon."
)


def _sentences(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for para in text.split("\n"):
        parts = para.replace(". ", ".\x00").split("\x00")
        for part in parts:
            start = text.index(part, pos)
            out.append((start, start + len(part)))
            pos = start + len(part)
    return out


@pytest.fixture
def gold() -> GoldTranslation:
    src, tgt = _sentences(SOURCE), _sentences(TARGET)
    assert len(src) == len(tgt) == 6
    links = [GoldLink((s,), (t,)) for s, t in zip(src, tgt, strict=True)]
    return GoldTranslation("test", Path("s"), Path("t"), SOURCE, TARGET, links)


def _texts(case, side="target"):
    text = case.target_text if side == "target" else case.source_text
    return [" ".join(text[s:e] for s, e in (link.target if side == "target" else link.source)) for link in case.links]


def _check_ranges_cover(case):
    """Every gold target range still points at sentence text after the edit."""
    for link in case.links:
        for s, e in link.target:
            piece = case.target_text[s:e]
            assert piece == piece.strip() and piece, f"bad range {piece!r}"


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "entity-part"])  # no compound name here: tested below
def test_each_kind_makes_its_change_and_label(gold, kind):
    donors = ["An unrelated sentence about the weather in Norway appears here."]
    case = inject(gold, kind, seed=0, donors=donors)
    assert case is not None, f"{kind} found no place in the test document"
    assert case.target_text != gold.target_text
    _check_ranges_cover(case)
    if kind in ("merge", "split"):
        assert case.findings == []
        kinds = [link.kind for link in case.links]
        assert ("2-1" if kind == "merge" else "1-2") in kinds
        return
    assert len(case.findings) == 1
    f = case.findings[0]
    expected_code = {
        "omission": "TQ101",
        "addition": "TQ102",
        "untranslated": "TQ401",
        "pronoun": "TQ201",
        "number": "TQ301",
        "date": "TQ302",
        "unit": "TQ303",
        "entity": "TQ304",
        "entity-word": "TQ304",
        "entity-first": "TQ304",
        "quotes": "TQ601",
    }.get(kind)
    if expected_code:
        assert f.code == expected_code
    if f.target is not None:
        assert case.target_text[f.target[0] : f.target[1]] == f.text
    if kind == "omission":
        assert f.target is None and "1-0" in [link.kind for link in case.links]
        assert case.source_text[f.source[0] : f.source[1]] not in case.target_text
    if kind == "addition":
        assert f.text == donors[0] and "0-1" in [link.kind for link in case.links]
    if kind == "pronoun":
        assert f.text == "She"
    if kind == "untranslated":
        assert f.text in SOURCE


def _two_line_gold(src: list[str], tgt: list[str]) -> GoldTranslation:
    """One 1-1 link per line, a title line first (the injector never corrupts the title)."""
    src_text, tgt_text = "\n".join(["Un titre", *src]), "\n".join(["A title", *tgt])
    links, s_pos, t_pos = [], 0, 0
    for s, t in zip(["Un titre", *src], ["A title", *tgt], strict=True):
        links.append(GoldLink(((s_pos, s_pos + len(s)),), ((t_pos, t_pos + len(t)),)))
        s_pos, t_pos = s_pos + len(s) + 1, t_pos + len(t) + 1
    return GoldTranslation("x", Path("s"), Path("t"), src_text, tgt_text, links)


def test_pronoun_injected_where_the_it_of_a_passive_before_when_is_the_thing():
    # unlike the cleft "It was day 20 when…", "it was sold when…" is the painting's "it": "He" is the calque
    g = _two_line_gold(
        ["Le tableau a changé de mains.", "Il a été vendu quand le marché a monté."],
        ["The painting changed hands.", "It was sold when the market rose."],
    )
    case = inject(g, "pronoun", seed=0)
    assert case is not None and case.findings[0].text == "He"


def test_pronoun_injected_where_it_is_the_calque_of_il():
    g = _two_line_gold(
        ["Le musée a rouvert en mai.", "Il accueille aussi des concerts."],
        ["The museum reopened in May.", "It also hosts concerts."],
    )
    case = inject(g, "pronoun", seed=0)
    assert case is not None and case.findings[0].text == "He"


@pytest.mark.parametrize(
    ("src", "tgt", "word"),
    [
        # "the student union" names no person: the "it" is the union's, and "he" its calque
        (
            ["Les étudiants protestent.", "Selon le syndicat étudiant, il réclame un vote."],
            ["Students are protesting.", "According to the student union, it demands a vote."],
            "he",
        ),
        # "the president" inside "the election of the president": the "it" is still the election's
        (
            ["Le débat continue.", "Prenons la réforme du président, elle a été votée sous la pression."],
            ["The debate goes on.", "Take the reform of the president, it was passed under pressure."],
            "she",
        ),
    ],
)
def test_pronoun_injected_beside_an_english_person_word_that_is_no_subject(src, tgt, word):
    case = inject(_two_line_gold(src, tgt), "pronoun", seed=0)
    assert case is not None and case.findings[0].text == word


@pytest.mark.parametrize(
    ("src", "tgt"),
    [
        # the "it" may translate «c'est», not the «il» (a man): "He is logical" copies nothing
        (["Le bébé dort.", "C'est logique, car il est fatigué."], ["The baby sleeps.", "It is logical, because he is tired."]),
        # the «il» is a man the English already calls "he": the "it" was the slip, "he" the fix
        (
            ["Paul Roux a parlé hier.", "Il a souligné que le projet avance."],
            ["Paul Roux spoke yesterday, and he was clear.", "It stressed that the project is moving forward."],
        ),
        # the «il» resumes a person noun of its sentence (the translator named the shop): "he" would be right
        (
            ["Les prix montent.", "Si un commerçant se trompe, il risque de perdre sa marge."],
            ["Prices are rising.", "If the shop gets it wrong, it stands to lose its margin."],
        ),
        # the translator made the office a person ("the Secretary of State"): a "he" there resumes him
        (
            ["La loi change.", "Selon le texte, le secrétariat d'État pourra agir seul: il pourra saisir les biens."],
            ["The law is changing.", "Under the text, the Secretary of State may act alone: it can seize the assets."],
        ),
        # "it was announced that": an English passive's dummy; the French «il» is whoever announced
        (
            ["Le sommet a pris fin.", "Parmi les mesures, il a annoncé que les visas seraient supprimés."],
            ["The summit ended.", "Among the measures, it was announced that visas would be abolished."],
        ),
        # "It was day 20 when…": the dummy of an English cleft; the «il» (the body) is rendered by the
        # subject-less "but did not make it public", so a "He was day 20" copies no French gender
        (
            ["Le corps policier a émis l'ordre.", "Le 20, le service a transmis l'ordre, mais il ne l'a pas rendu public."],
            ["The police body issued the order.", "It was day 20 when the service passed the order on, but did not make it public."],
        ),
    ],
)
def test_pronoun_not_injected_where_the_it_may_not_be_the_calque(src, tgt):
    assert inject(_two_line_gold(src, tgt), "pronoun", seed=0) is None


@pytest.mark.parametrize(
    ("kind", "pool"),
    [("entity-word", inject_names.WORD_NAMES), ("entity-first", inject_names.FIRST_NAMES)],
)
def test_entity_swaps_use_dictionary_words_and_first_names(gold, kind, pool):
    case = inject(gold, kind, seed=1)
    f = case.findings[0]
    assert f.text in pool and f.text not in gold.target_text and f.text not in gold.source_text
    assert case.source_text[f.source[0] : f.source[1]] in ("Dupont", "Lyon", "Europe")


def test_entity_part_replaces_one_word_of_a_compound_name():
    src = "Un titre\nLe maire, Pierre Martin, a voté. Les travaux commencent en mars."
    tgt = "A title\nThe mayor, Pierre Martin, voted. The work begins in March."
    links = [
        GoldLink(((0, 8),), ((0, 7),)),
        GoldLink(((9, 41),), ((8, 38),)),
        GoldLink(((42, len(src)),), ((39, len(tgt)),)),
    ]
    g = GoldTranslation("x", Path("s"), Path("t"), src, tgt, links)
    case = inject(g, "entity-part", seed=0)
    f = case.findings[0]
    assert f.code == "TQ304" and case.source_text[f.source[0] : f.source[1]] == "Pierre Martin"
    assert f.text in inject_names.WORD_NAMES + inject_names.FIRST_NAMES
    assert ("Pierre " + f.text in case.target_text) != (f.text + " Martin" in case.target_text)
    _check_ranges_cover(case)
    assert inject(GoldTranslation("x", Path("s"), Path("t"), src, tgt.replace("Pierre ", ""), links[:1]), "entity-part", 0) is None


def test_injection_is_reproducible(gold):
    a = inject(gold, "number", seed=3)
    b = inject(gold, "number", seed=3)
    assert a.target_text == b.target_text and a.findings == b.findings


def test_unknown_kind_is_refused(gold):
    with pytest.raises(ValueError):
        inject(gold, "typo", seed=0)


def test_kind_without_a_place_returns_none():
    text = "Un titre\nUne phrase sans rien."
    g = GoldTranslation("x", Path("s"), Path("t"), text, "A title\nA sentence with nothing.", [GoldLink(((0, 8),), ((0, 7),)), GoldLink(((9, 30),), ((8, 32),))])
    assert inject(g, "unit", seed=0) is None


def _finding(code, start, end, text="x", severity=Severity.ERROR):
    return Finding(code, "n", severity, "m", target=Span("target", 0, start, end, text))


def test_scorer_counts_a_tiny_case_by_hand():
    gold = [
        GoldFinding("TQ201", "pronoun", "error", None, (0, 3), "She"),
        GoldFinding("TQ202", "false-friend", "error", None, (10, 20), "indicators"),
        GoldFinding("TQ301", "number", "error", None, (30, 32), "12"),
    ]
    found = [
        _finding("TQ201", 0, 3),  # TP pronoun
        _finding("TQ202", 12, 15),  # TP false friend (overlap)
        _finding("TQ202", 40, 45),  # FP false friend
        _finding("TQ601", 50, 51, severity=Severity.WARNING),  # FP typography
        _finding("TQ304", 60, 61, severity=Severity.INFO),  # info: not counted
    ]
    match = compare_findings(found, gold)
    assert match.per_family["pronoun"].as_dict()["f1"] == 1.0
    ff = match.per_family["false-friend"]
    assert (ff.tp, ff.fp, ff.fn) == (1, 1, 0)
    assert ff.precision == 0.5 and ff.recall == 1.0 and ff.f1 == pytest.approx(2 / 3)
    num = match.per_family["number"]
    assert (num.tp, num.fp, num.fn) == (0, 0, 1) and num.recall == 0.0 and num.precision is None
    assert match.per_family["typography"].fp == 1
    assert "entity" not in match.per_family


def test_link_counts_by_hand():
    gold = [((0, 5), (0, 5)), ((6, 10), (6, 12)), ((11, 15), None)]
    pred = [((0, 5), (0, 5)), ((6, 15), (6, 12))]
    c = compare_links(pred, gold)
    assert (c.tp, c.fp, c.fn) == (1, 1, 2)
    assert c.precision == 0.5 and c.recall == pytest.approx(1 / 3) and c.f1 == pytest.approx(0.4)


def test_counts_add_up():
    c = Counts(1, 2, 3)
    c += Counts(1, 0, 1)
    assert (c.tp, c.fp, c.fn) == (2, 2, 4)


def test_spearman_matches_hand_values():
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert spearman([1, 2, 3], [1, 1, 1]) is None
    # with ties: ranks x = 1, 2.5, 2.5, 4 ; y = 1, 2, 3, 4 → rho = 0.9487
    assert spearman([1, 2, 2, 3], [1, 2, 3, 4]) == pytest.approx(0.9486833, rel=1e-5)


def test_gold_loader_reports_bad_files(tmp_path):
    (tmp_path / "gold.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        load_gold(tmp_path)
    (tmp_path / "source.fr.txt").write_text("Une phrase.", encoding="utf-8")
    (tmp_path / "t.en.txt").write_text("A sentence.", encoding="utf-8")
    gold = {
        "format": "tqcheck-gold/1",
        "source": "source.fr.txt",
        "translations": {"t.en.txt": {"alignment": [{"source": ["Une phrase."], "target": ["Another sentence."]}], "findings": []}},
    }
    (tmp_path / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    with pytest.raises(InputError, match="not found"):
        load_gold(tmp_path)


def test_eval_command_on_one_corpus_writes_both_files(tmp_path):
    """`tqcheck eval` end to end on the founding corpus, one error kind, no encoder (fast)."""
    from typer.testing import CliRunner

    from tqcheck.cli import app, register_optional_commands

    register_optional_commands()
    out, md = tmp_path / "eval.json", tmp_path / "eval.md"
    corpus = Path(__file__).parent.parent / "corpora" / "kidal"
    result = CliRunner().invoke(
        app, ["eval", str(corpus), "--kinds", "number", "--seeds", "1", "--no-similarity", "-o", str(out), "--markdown", str(md)]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["translations"] == 2 and figures["corpora"] == ["kidal"]
    assert figures["families"]["pronoun"]["tp"] == 1  # the army called "She"
    assert figures["false_alarms_per_100_clean_sentences"] == 0
    assert "| family |" in md.read_text(encoding="utf-8")


def test_eval_command_bad_input_is_one_line_exit_2(tmp_path):
    from typer.testing import CliRunner

    from tqcheck.cli import app, register_optional_commands

    register_optional_commands()
    result = CliRunner().invoke(app, ["eval", str(tmp_path / "nowhere"), "-o", str(tmp_path / "e.json")])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [f"tqcheck: error: {tmp_path / 'nowhere'}: not a corpus folder (no gold.json)"]
    assert not (tmp_path / "e.json").exists()
    result = CliRunner().invoke(app, ["eval", str(tmp_path), "--kinds", "typo"])
    assert result.exit_code == 2


def test_a_second_finding_on_a_labelled_error_is_an_echo_not_a_false_positive():
    # an omitted paragraph of two sentences is reported once per sentence
    gold = [GoldFinding("TQ101", "omission", "error", (0, 80), None, "Deux phrases. Omises ensemble.")]
    first = Finding("TQ101", "n", Severity.ERROR, "m", source=Span("source", 0, 0, 40, "Deux phrases."))
    second = Finding("TQ101", "n", Severity.ERROR, "m", source=Span("source", 0, 41, 80, "Omises ensemble."))
    elsewhere = Finding("TQ101", "n", Severity.ERROR, "m", source=Span("source", 1, 90, 120, "Autre."))
    match = compare_findings([first, second, elsewhere], gold)
    c = match.per_family["omission"]
    assert (c.tp, c.fp, c.fn) == (1, 1, 0)
    assert match.echoes == [second] and match.false_positives == [elsewhere]


def test_a_finding_inside_injected_text_is_an_echo_but_finds_nothing():
    # a number in an added sentence has no source: true, and about the addition itself
    gold = [GoldFinding("TQ102", "addition", "error", None, (100, 160), "Four boats sailed in.")]
    inside = _finding("TQ301", 100, 104)
    straddling = _finding("TQ301", 95, 104)  # reaches outside the added text: counted
    match = compare_findings([inside, straddling], gold)
    assert match.per_family["addition"].fn == 1  # recall stays strict: no TQ102, no find
    assert match.echoes == [inside]
    assert match.false_positives == [straddling] and match.per_family["number"].fp == 1


def test_quotes_label_covers_both_guillemets(gold):
    case = inject(gold, "quotes", seed=0)
    (f,) = case.findings
    assert f.text.startswith("«") and f.text.endswith("»")


def test_addition_never_glues_a_sentence_onto_a_heading():
    headings = _two_line_gold(
        ["Le club gagne en Espagne", "Une victoire nette"], ["Club wins in Spain", "A clear victory"]
    )
    assert inject(headings, "addition", seed=0, donors=["The museum reopens in May."]) is None
    mixed = _two_line_gold(
        ["Le club gagne en Espagne", "Le match a eu lieu samedi."],
        ["Club wins in Spain", "The match took place on Saturday."],
    )
    for seed in range(5):
        case = inject(mixed, "addition", seed=seed, donors=["The museum reopens in May."])
        assert "Saturday. The museum reopens in May." in case.target_text


def test_date_swap_never_puts_back_the_day_the_french_names():
    # the translator shifted the day (the night of Saturday is Friday night): Saturday is no error
    g = _two_line_gold(
        ["Un incendie a éclaté dans la nuit du samedi."], ["A fire broke out on Friday night."]
    )
    for seed in range(30):
        case = inject(g, "date", seed=seed)
        (f,) = case.findings
        assert f.text in WEEKDAYS and f.text not in ("Friday", "Saturday")
