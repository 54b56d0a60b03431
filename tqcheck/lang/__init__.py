"""Language analysis shared by several stages and rule families.

French pronoun antecedents, impersonal "il", quantities and number words,
names, and detection of text left in French live here rather than inside one
rule family, so that rules, tests and the error injector import a public
module instead of another family's private helper.
"""
