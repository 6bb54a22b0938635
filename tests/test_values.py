"""`record` behaves as `dataclass` does for everything the package relies on, with shared methods."""

from __future__ import annotations

import copy
import pickle
import re
from dataclasses import FrozenInstanceError, dataclass, field, fields, replace
from functools import cached_property
from pathlib import Path

import pytest

import assessment_builder
from assessment_builder.model import Framework, ScalePoint
from assessment_builder.values import record


@record(frozen=True)
class Point:
    x: int
    y: float = 0.0
    note: str = field(default="", repr=False, compare=False)

    @cached_property
    def length(self) -> float:
        return (self.x**2 + self.y**2) ** 0.5


@dataclass(frozen=True)
class PointDC:
    x: int
    y: float = 0.0
    note: str = field(default="", repr=False, compare=False)


@record
class Bag:
    items: list[int] = field(default_factory=list)
    name: str = ""


@dataclass
class BagDC:
    items: list[int] = field(default_factory=list)
    name: str = ""


@record
class Node:
    child: object = None


def test_equality_and_hash_as_dataclass() -> None:
    assert Point(1, 2.0) == Point(1, 2.0)
    assert Point(1, 2.0, note="a") == Point(1, 2.0, note="b")  # compare=False is left out
    assert Point(1, 2.0) != Point(1, 3.0)
    assert Point(1) != PointDC(1)  # another class is never equal
    assert hash(Point(1, 2.0, "a")) == hash(Point(1, 2.0, "b"))
    assert len({Point(1), Point(1), Point(2)}) == 2
    nan = float("nan")
    same = Point(1, nan)
    assert same == same and (same == Point(1, nan)) == (PointDC(1, nan) == PointDC(1, nan))
    assert Bag([1]) == Bag([1]) and Bag([1]) != Bag([2])
    with pytest.raises(TypeError):
        hash(Bag())  # mutable and equal by value: unhashable, as with dataclass
    with pytest.raises(TypeError):
        hash(BagDC())


def test_repr_as_dataclass() -> None:
    assert repr(Point(1, 2.0, "hidden")) == repr(PointDC(1, 2.0, "hidden")).replace("PointDC", "Point")
    assert repr(Bag([1], "b")) == repr(BagDC([1], "b")).replace("BagDC", "Bag")
    loop = Node()
    loop.child = loop
    assert repr(loop) == "Node(child=...)"


def test_frozen_as_dataclass() -> None:
    p = Point(3, 4.0)
    with pytest.raises(FrozenInstanceError):
        p.x = 5  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del p.y  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        p.other = 1  # type: ignore[attr-defined]
    assert p.length == 5.0  # cached_property still writes its value
    assert replace(p, x=0) == Point(0, 4.0)
    assert copy.deepcopy(p) == p and pickle.loads(pickle.dumps(p)) == p
    assert [f.name for f in fields(p)] == ["x", "y", "note"]


def test_a_framework_is_still_frozen_and_equal_to_itself(cqc: Framework) -> None:
    with pytest.raises(FrozenInstanceError):
        cqc.name = "x"  # type: ignore[misc]
    assert cqc.scale[0] == ScalePoint(cqc.scale[0].value, cqc.scale[0].label)
    assert repr(cqc.scale[0]).startswith("ScalePoint(value=")


def test_every_value_class_of_the_package_is_a_record() -> None:
    """A plain @dataclass compiles five methods per class at import: every command pays for it."""
    root = Path(assessment_builder.__file__).parent
    plain = [
        f"{p.relative_to(root)}:{n}"
        for p in root.rglob("*.py")
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if re.match(r"\s*@(dataclasses\.)?dataclass\b", line)
    ]
    assert plain == []
