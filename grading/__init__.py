"""Pure grading: signals -> scores with reasons -> domain grades -> recommendations.

Empty until the grading engine lands; the crawler's store is its input.
"""
