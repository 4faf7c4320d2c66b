"""What a person takes away: the assessment as plain text (``text.render_assessment``) and the
document checklist (``checklist.build_checklist``) as text, Markdown, HTML or PDF, written to a
file or sent to the printer (``command.run_checklist``, ``printer.send_to_printer``).

No module here imports a terminal UI library; ``pdf`` needs fpdf2 and ships its font in
``fonts/`` (DejaVu Sans, with its licence).
"""
