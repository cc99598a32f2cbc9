"""Records into grades: signals -> scores with reasons -> domain grades -> recommendations.

:mod:`grading.core` holds the vocabulary (facts, hits, reasons, grades), :mod:`grading.signals`
the named rules, :mod:`grading.engine` reads an audit from the store, grades it and writes
the grades back, :mod:`grading.summary` the link profile's figures.
"""
