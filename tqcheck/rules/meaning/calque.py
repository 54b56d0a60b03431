"""TQ203: a French expression copied word for word into English."""

from __future__ import annotations

from tqcheck.datatypes import Severity
from tqcheck.rules.meaning.false_friend import FalseFriend


class Calque(FalseFriend):
    """French expression translated word for word into a phrase English does not use that way.

    ## What it does
    Looks up the link's French expressions in the pair's lexicon
    (``tqcheck/data/pairs/fr-en/lexicon.yaml``, rows of kind ``calque``):
    «notamment» → «notably», «dans le cadre de» → «in the framework of»,
    «à l'issue de» → «at the issue of», «en effet» → «in effect». It flags the
    English phrase only when the French expression is in the aligned source
    and no idiomatic rendering is in the translation.

    ## Why is this bad?
    Calques are the mark of machine or hurried translation: each word is
    English, the whole is not, and some («in effect», «in view of») mean
    something else. Readers notice, and trust the text less.

    ## Example
    ```text
    fr: Elle affirme avoir notamment détruit un véhicule piégé.
    en: It claims to have notably destroyed a car bomb.
    ```

    ## Use instead
    ```text
    en: It claims to have destroyed, among other things, a car bomb.
    ```

    ## Fix
    The suggestion is the entry's idiomatic rendering; word order may need
    adjusting («including …», «in particular …»).
    """

    code = "TQ203"
    eval_family = "calque"
    name = "calque"
    severity = Severity.WARNING
    fixable = True
    kind = "calque"
    defers_to = ()  # the false friend defers to the calque, not the other way round
