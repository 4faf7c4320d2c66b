"""ftawizard: LMIA-exempt Canadian work permits under free trade agreements.

Only the version lives here: importing the package must stay instant, because every
command, including ``--version``, imports it first.
"""

__version__ = "0.1.0"
