"""The package's value classes: dataclasses whose equality, hash, repr and immutability are shared functions.

``dataclasses.dataclass`` writes the source of ``__eq__``, ``__repr__``, ``__hash__``, ``__setattr__`` and
``__delattr__`` for every class and compiles each of them when the module is imported: about 0.9 ms for a
frozen class on Python 3.11, and a short command imports some thirty classes before doing any work.
:func:`record` lets dataclasses make only ``__init__`` and puts the same behaviour in place with functions
written once here:

- equality: same class and equal fields (those with ``compare=True``), as dataclasses compares;
- hash: of the compared fields for a frozen class; a mutable class is unhashable, as with ``eq=True``;
- repr: ``Name(field=value, ...)`` over the fields with ``repr=True``, safe against cycles;
- frozen: assigning to a field once it is set, or deleting one, raises ``dataclasses.FrozenInstanceError``,
  and so does adding an attribute that is not a field. ``functools.cached_property`` still works, since
  it writes to the instance's ``__dict__`` directly, as it does for a dataclass made ``frozen=True``.

A method the class defines itself is kept. Type checkers see :func:`record` as ``dataclass`` (PEP 681).
"""

from __future__ import annotations

import reprlib
from collections.abc import Callable
from dataclasses import FrozenInstanceError, dataclass, field, fields
from typing import TYPE_CHECKING, Any, TypeVar, overload

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_kwargs: Any) -> Callable[[Any], Any]:
        return lambda decorated: decorated


C = TypeVar("C", bound=type)


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    names = self.__record_compared__
    return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)


def _hash(self: Any) -> int:
    return hash(tuple(getattr(self, name) for name in self.__record_compared__))


@reprlib.recursive_repr()
def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__record_shown__)
    return f"{self.__class__.__qualname__}({shown})"


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    if name in self.__dict__ or name not in self.__dataclass_fields__:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")
    object.__setattr__(self, name, value)


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _make(cls: C, frozen: bool) -> C:
    made: Any = dataclass(eq=False, repr=False)(cls)
    own = cls.__dict__
    every = fields(made)
    made.__record_compared__ = tuple(f.name for f in every if f.compare)  # type: ignore[attr-defined]
    made.__record_shown__ = tuple(f.name for f in every if f.repr)  # type: ignore[attr-defined]
    shared: dict[str, Any] = {"__eq__": _eq, "__repr__": _repr}
    if frozen:
        shared.update(__hash__=_hash, __setattr__=_frozen_setattr, __delattr__=_frozen_delattr)
    elif "__eq__" not in own:
        shared["__hash__"] = None  # equal by value and mutable: unhashable, as dataclasses makes it
    for name, function in shared.items():
        if name not in own:
            setattr(made, name, function)
    return made


@overload
def record(cls: C, /) -> C: ...
@overload
def record(*, frozen: bool = False) -> Callable[[C], C]: ...


@dataclass_transform(field_specifiers=(field,))
def record(cls: Any = None, /, *, frozen: bool = False) -> Any:
    """``@record`` or ``@record(frozen=True)`` in place of ``@dataclass`` / ``@dataclass(frozen=True)``."""
    if cls is None:
        return lambda c: _make(c, frozen)
    return _make(cls, frozen)
