"""Reports printed from the record as of now, laid out by the letter engine.

The Board of Supervisors report (:mod:`board`) and the TRUTH Act community-forum report
(:mod:`forum`), in English or Spanish (:mod:`words`).
"""
