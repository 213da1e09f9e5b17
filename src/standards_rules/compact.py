"""Small string-keyed dicts that take about half the memory of ordinary ones.

Gives ordinary `dict`s built in a way that makes them small. A national dataset
holds millions of small mappings with the same few keys (the indicator values
of every standard, the parts of every score). CPython stores an object's
attribute dict as a key-sharing dict (PEP 412): the keys live once, with the
class, and each dict holds only its values (104 bytes for three entries instead
of 184). So the pairs are set as attributes of a throwaway holder and its
`__dict__` is what is kept. A class shares at most a few dozen keys, so each
family of mappings (one load, one scoring) gets a holder class of its own.
The result is a plain dict in every way (equal, ordered, mutable); on an
interpreter without key sharing it is merely as large as any other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

V = TypeVar("V")

# Names every holder class defines as descriptors: not settable as plain attributes.
RESERVED_KEYS = frozenset(("__class__", "__dict__", "__weakref__"))


def holder_class() -> type:
    """A new holder class: set attributes on its instances, then keep their `__dict__`."""
    return type("CompactHolder", (), {"__doc__": "Lends its instances' key-sharing dict."})


def dict_maker(keys: Iterable[str]) -> Callable[[Sequence[V]], dict[str, V]]:
    """A function from values (in the order of `keys`) to a compact dict of `keys`."""
    names = tuple(keys)
    if any(key.__class__ is not str or key in RESERVED_KEYS for key in names):
        return lambda values: dict(zip(names, values, strict=True))
    holder = holder_class()

    def make(values: Sequence[V]) -> dict[str, V]:
        kept = holder()
        for key, value in zip(names, values, strict=True):
            setattr(kept, key, value)
        made: dict[str, V] = kept.__dict__
        return made

    return make


__all__ = ["RESERVED_KEYS", "dict_maker", "holder_class"]
