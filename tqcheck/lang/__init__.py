"""Language analysis shared by several stages and rule families.

Case-and-accent folding (``folding``), detection of text left in French
(``detection``), quantities and number words (``quantities``), names
(``names``, ``name_resources``, ``holiday_names``), and pronoun analysis:
French pronouns, impersonal «il», person-or-thing and antecedents
(``french_pronouns``, ``impersonal``, ``humanness``, ``antecedents``, a named
person's gender from a title or first name in ``person_gender``) with
the English side in ``english_pronouns``. They live here rather than inside
one rule family, so that rules, tests and the error injector import a public
module instead of another family's private helper. This layer sits below the
rules and imports none of them (``tests/lang/test_layering.py``).
"""
