"""The one way to write team data: named mutations applied in one transaction."""

from backend.mutations.context import Context, Forbidden, NotFound
from backend.mutations.core import (
    Actor,
    Mutation,
    MutationSpec,
    Outcome,
    Registry,
    apply_mutation,
)

__all__ = [
    "Actor",
    "Context",
    "Forbidden",
    "Mutation",
    "MutationSpec",
    "NotFound",
    "Outcome",
    "Registry",
    "apply_mutation",
]
