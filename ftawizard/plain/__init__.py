"""The plain front-end: the same wizard as line-by-line questions (questionary).

For screen readers, serial consoles, minimal SSH clients and anyone who wants a transcript:
every question, answer, help text and verdict is a line of text that reads top to bottom.
No Textual import here; the flow, the validation and the sessions are the shared ones.
"""
