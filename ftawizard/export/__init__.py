"""Renderers of an assessment: plain text now; Markdown, HTML and PDF checklists later."""
