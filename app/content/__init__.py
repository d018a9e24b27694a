"""The routine as validated data: models, loading, and the problems an invalid file produces."""

from app.content.loader import LoadedRoutine, load_routine
from app.content.models import Routine
from app.content.problems import ContentError, ContentProblem

__all__ = ["ContentError", "ContentProblem", "LoadedRoutine", "Routine", "load_routine"]
