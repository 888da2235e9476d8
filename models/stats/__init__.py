"""Statistics for a period: the Dashboard's, the Board report's and ``stats``' figures.

Qt-free. :mod:`period` says what is asked (a period and filters), :mod:`figures` what comes
back (every figure with the SQL of the cases behind it), :mod:`compute` works the figures out.
"""
