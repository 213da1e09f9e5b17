"""Small string-keyed dicts that take about half the memory of ordinary ones.

Gives ordinary `dict`s built in a way that makes them small. A national dataset
holds millions of small mappings with the same few keys (the indicator values
of every standard, the parts of every score). CPython stores an object's
attribute dict as a key-sharing dict (PEP 412): the keys live once, with the
class, and each dict holds only its values (104 bytes for three entries instead
of 184). So each mapping is the `__dict__` of a throwaway holder, filled by
item assignment (faster than setting attributes, and any text may be a key).
A class shares at most a few dozen keys, so each family of mappings (one load,
one scoring) gets a holder class of its own. The result is a plain dict in
every way (equal, ordered, mutable); on an interpreter without key sharing it
is merely as large as any other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

V = TypeVar("V")


def holder_class() -> type:
    """A new holder class: fill its instances' `__dict__`, and keep that."""
    return type("CompactHolder", (), {"__doc__": "Lends its instances' key-sharing dict."})


def dict_maker(keys: Iterable[str]) -> Callable[[Sequence[V]], dict[str, V]]:
    """A function from values (in the order of `keys`) to a compact dict of `keys`."""
    names = tuple(keys)
    holder = holder_class()

    def make(values: Sequence[V]) -> dict[str, V]:
        made: dict[str, V] = holder().__dict__
        for key, value in zip(names, values, strict=True):
            made[key] = value
        return made

    return make


__all__ = ["dict_maker", "holder_class"]
