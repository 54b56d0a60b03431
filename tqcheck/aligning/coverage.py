"""Post-passes over a found path, so omitted and added sentences surface instead of hiding in merges.

Plain Gale–Church loses an omitted or added sentence in a 2-1 / 1-2 link:
its length is absorbed by the merge. Every merge the search keeps is tested
for *coverage*: a member that the other side does not cover (length already
accounted for, none of its own anchors found, low embedding similarity) is
split off as a 1-0 / 0-1 link. Then an adjacent 1-0 and 0-1 that translate
each other are paired again, and (with embeddings) a 1-1 link between
plainly unrelated sentences is split into an omission and an addition.
Without embeddings, the links around each unlinked sentence are searched
again with a heavier anchor weight (:func:`realign_near_nulls`).
"""

from __future__ import annotations

from collections.abc import Callable

from tqcheck.aligning.costs import CostModel
from tqcheck.aligning.features import dice
from tqcheck.aligning.search import KINDS, Step, offset, table


def covered(model: CostModel, member: tuple[int, int], rest: tuple[int, int], other: tuple[int, int], side: str) -> bool:
    """Whether the ``other`` side really translates ``member`` too, beyond ``rest`` of the merge.

    ``side`` is the side of ``member`` and ``rest`` ("s" or "t"). A member is
    covered when adding it brings the lengths closer, or when some of its own
    anchors (not shared with the rest) turn up on the other side, or (with
    embeddings) when adding it raises the cosine.
    """
    p = model.params
    cp = p.coverage
    oside = "t" if side == "s" else "s"
    mem = model.group(side, *member)
    rst = model.group(side, *rest)
    oth = model.group(oside, *other)
    whole_lo, whole_hi = min(member[0], rest[0]), max(member[1], rest[1])
    if side == "s":
        with_cost = model.length_cost(mem.length + rst.length + 1, oth.length)
        without_cost = model.length_cost(rst.length, oth.length)
        cos_with = model.cosine(whole_lo, whole_hi, *other)
        cos_without = model.cosine(*rest, *other)
        cos_member = model.cosine(*member, *other)
    else:
        with_cost = model.length_cost(oth.length, mem.length + rst.length + 1)
        without_cost = model.length_cost(oth.length, rst.length)
        cos_with = model.cosine(*other, whole_lo, whole_hi)
        cos_without = model.cosine(*other, *rest)
        cos_member = model.cosine(*other, *member)
    own = mem.tokens - rst.tokens
    hits = len(own & oth.tokens)
    hit_rate = hits / len(own) if own else 0.0
    own_strong = mem.strong - rst.strong
    strong_missing = len(own_strong - oth.tokens)
    if cos_with is not None:
        assert cos_without is not None and cos_member is not None
        if mem.words <= p.short_member_words and cos_without - cos_with < p.short_fold_max_drop:
            # A sentence this short carries too little for its own cosine or
            # anchors to show it was left out, and translators often fold
            # such a sentence into a neighbour ("... and is ongoing"). Unless
            # it dilutes the cosine as an unrelated sentence would, trust the
            # search, which already paid for the merge.
            return True
        score = (
            cp.w_hit_rate * hit_rate
            + cp.w_hits * min(hits, cp.hits_cap) / cp.hits_cap
            + cp.w_length_gain * (without_cost - with_cost) / p.length_cap
            + cp.w_length_without * without_cost / p.length_cap
            + cp.w_own * min(len(own), cp.own_cap) / cp.own_cap
            + cp.w_cos_member * cos_member
            + cp.w_cos_gain * (cos_with - cos_without)
            + cp.bias
        )
        return score >= cp.score_threshold
    length_helps = with_cost + cp.length_helps_margin < without_cost
    length_fits_without = without_cost < cp.length_fits_max
    rest_rate = len(rst.tokens & oth.tokens) / len(rst.tokens) if rst.tokens else 0.0
    if (
        len(own) >= cp.anchored_rest_min_own
        and rest_rate >= cp.anchored_rest_rate
        and hit_rate <= cp.anchored_rest_ratio * rest_rate
        and with_cost + cp.anchored_rest_slack >= without_cost
    ):
        return False  # the rest of the merge finds its anchors on the other side, this member does not
    if hits >= cp.hits_min and hit_rate >= cp.hit_rate_min:
        return True
    if length_helps and not (len(own) >= cp.unanchored_own and hits == 0):
        return True
    if len(own) <= cp.tiny_own and mem.length < cp.tiny_length and with_cost <= without_cost + cp.tiny_slack:
        return True  # too short to carry evidence either way: trust the search
    if length_fits_without and (hits == 0 or hit_rate < cp.weak_hit_rate):
        return False
    if own_strong and strong_missing == len(own_strong) and len(own_strong) >= cp.strong_missing_min and not length_helps:
        return False
    return not (len(own) >= cp.unanchored_many and hits == 0 and not length_helps)


def check_merges(steps: list[Step], model: CostModel) -> list[Step]:
    """Split off merge members the other side does not cover (they become 1-0 / 0-1)."""
    skip = model.params.skip_cost
    out: list[Step] = []
    for step in steps:
        i0, i1, j0, j1, c = step
        ns, nt = i1 - i0, j1 - j0
        if ns == 2 and nt == 1:
            first_ok = covered(model, (i0, i0 + 1), (i0 + 1, i1), (j0, j1), "s")
            second_ok = covered(model, (i0 + 1, i1), (i0, i0 + 1), (j0, j1), "s")
            if first_ok and not second_ok:
                out += [Step(i0, i0 + 1, j0, j1, c), Step(i0 + 1, i1, j1, j1, skip)]
                continue
            if second_ok and not first_ok:
                out += [Step(i0, i0 + 1, j0, j0, skip), Step(i0 + 1, i1, j0, j1, c)]
                continue
        elif ns == 1 and nt == 2:
            first_ok = covered(model, (j0, j0 + 1), (j0 + 1, j1), (i0, i1), "t")
            second_ok = covered(model, (j0 + 1, j1), (j0, j0 + 1), (i0, i1), "t")
            if first_ok and not second_ok:
                out += [Step(i0, i1, j0, j0 + 1, c), Step(i1, i1, j0 + 1, j1, skip)]
                continue
            if second_ok and not first_ok:
                out += [Step(i0, i0, j0, j0 + 1, skip), Step(i0, i1, j0 + 1, j1, c)]
                continue
        elif ns == 2 and nt == 2:
            a = model.link_cost(i0, i0 + 1, j0, j0 + 1)
            b = model.link_cost(i0 + 1, i1, j0 + 1, j1)
            if a + b <= c + model.params.split22_margin:
                out += [Step(i0, i0 + 1, j0, j0 + 1, a), Step(i0 + 1, i1, j0 + 1, j1, b)]
                continue
        out.append(step)
    return out


def pair_nulls(steps: list[Step], cost_if_paired: Callable[[int, int], float | None]) -> list[Step]:
    """Each 1-0 next to a 0-1 becomes one 1-1 link when ``cost_if_paired(i, j)`` gives it a cost.

    The walk is shared by every pass that undoes an omission-plus-addition;
    what differs is only the test (``None``: leave both unlinked).
    """
    out: list[Step] = []
    for step in steps:
        if out and step.is_null and out[-1].is_null:
            prev = out[-1]
            src_null = prev if prev.j0 == prev.j1 else step
            tgt_null = step if src_null is prev else prev
            if src_null.i1 - src_null.i0 == 1 and tgt_null.j1 - tgt_null.j0 == 1 and src_null is not tgt_null:
                i, j = src_null.i0, tgt_null.j0
                c = cost_if_paired(i, j)
                if c is not None:
                    out[-1] = Step(i, i + 1, j, j + 1, c)
                    continue
        out.append(step)
    return out


def pair_adjacent_nulls(steps: list[Step], model: CostModel) -> list[Step]:
    """An unlinked source sentence next to an unlinked target sentence: pair them if they plausibly match.

    Splitting merges can leave a 1-0 beside a 0-1 that translate each other
    (a loose translation with no shared anchors); leaving both unlinked would
    report an omission and an addition for one rephrased sentence.
    """

    def cost(i: int, j: int) -> float | None:
        c = model.link_cost(i, i + 1, j, j + 1)
        return c if c <= model.params.pair_nulls_max else None

    return pair_nulls(steps, cost)


def check_pairs(steps: list[Step], model: CostModel) -> list[Step]:
    """With embeddings, a 1-1 link between plainly unrelated sentences is an omission plus an addition."""
    if model.src_vec is None:
        return steps
    p = model.params
    out: list[Step] = []
    for step in steps:
        i0, i1, j0, j1, _ = step
        if step.is_one_one:
            cos = model.cosine(i0, i1, j0, j1)
            s, t = model.group("s", i0, i1), model.group("t", j0, j1)
            if cos is not None and cos < p.unrelated_cosine and dice(s.tokens, t.tokens) < p.unrelated_dice:
                out += [Step(i0, i1, j0, j0, p.skip_cost), Step(i1, i1, j0, j1, p.skip_cost)]
                continue
        out.append(step)
    return out


def realign_near_nulls(steps: list[Step], model: CostModel) -> list[Step]:
    """Re-pair the links around each unlinked sentence, with anchors weighing more.

    Without embeddings, an omission next to a loosely matching pair is often
    resolved by pairing the wrong neighbours (the unlinked sentence ends up
    one place off). Near a null link, where that happens, shared numbers,
    names and cognates are the best evidence, so the window is searched again
    with a heavier anchor term; elsewhere the balanced weights stay (the
    window's new links are costed with them).
    """
    p = model.params
    heavy = model.with_lex_weight(p.local_lex_weight)
    out = list(steps)
    k = 0
    while k < len(out):
        if not out[k].is_null:
            k += 1
            continue
        lo, hi = max(0, k - p.realign_before), min(len(out), k + p.realign_after + 1)
        i0, j0 = out[lo].i0, out[lo].j0
        i1, j1 = out[hi - 1].i1, out[hi - 1].j1
        old = out[lo:hi]
        new = old
        if i1 > i0 and j1 > j0:
            sub = table(i1 - i0, j1 - j0, offset(heavy.link_cost, i0, j0), KINDS, None)[0]
            new = [s.shifted(i0, j0) for s in sub]
        if [st[:4] for st in new] != [st[:4] for st in old]:
            new = [Step(a, b, c, d, model.link_cost(a, b, c, d)) for a, b, c, d, _ in new]
            out[lo:hi] = new
        # Continue after the window's null links (a re-searched window is not searched again).
        k = max(k + 1, lo + len(new) - 1 if len(new) > 2 else k + 1)
    return out
