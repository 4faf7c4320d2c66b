"""The content tree: models, loading and validation (no UI, no evaluation)."""

from ftawizard.content.errors import ContentInvalid, ContentProblem
from ftawizard.content.loader import load_content, load_default_content
from ftawizard.content.models import Content

__all__ = ["Content", "ContentInvalid", "ContentProblem", "load_content", "load_default_content"]
