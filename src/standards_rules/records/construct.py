"""Building frozen records fast: the same object attrs' `__init__` builds, for half the cost.

Takes a frozen, slotted attrs class; gives a function of its fields' values, in
field order, that returns an instance equal to `cls(...)` with those values.
attrs' frozen `__init__` sets each slot through `object.__setattr__` and takes
keyword arguments; loading a national dataset builds millions of standards, and
that `__init__` was a quarter of the load. The builder calls each slot's own
descriptor instead. It is used only for classes whose `__init__` does nothing
else (no validators, converters, factories or post-init), which it checks.
`slot_replacer` is `attrs.evolve` of one field built the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import attrs

T = TypeVar("T")


def _plain(cls: type) -> bool:
    """Whether attrs' `__init__` of `cls` only stores its arguments in slots."""
    if not (attrs.has(cls) and "__slots__" in vars(cls)):
        return False
    if hasattr(cls, "__attrs_post_init__") or hasattr(cls, "__attrs_pre_init__"):
        return False
    return all(
        f.init and f.validator is None and f.converter is None and f.alias == f.name
        for f in attrs.fields(cls)
    )


def slot_builder(cls: type[T]) -> Callable[..., T]:
    """`build(*values)`: `cls(**dict(zip(field names, values)))`, built slot by slot."""
    names = [f.name for f in attrs.fields(cast("type[attrs.AttrsInstance]", cls))]
    if not _plain(cls):

        def by_init(*values: Any) -> T:
            return cls(**dict(zip(names, values, strict=True)))

        return by_init
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    lines = [f"def build({', '.join(names)}):", "    self = _new(_cls)"]
    for n, name in enumerate(names):
        namespace[f"_set{n}"] = vars(cls)[name].__set__
        lines.append(f"    _set{n}(self, {name})")
    lines.append("    return self")
    # The source is made from the class's own field names only (identifiers).
    exec(compile("\n".join(lines), f"<{cls.__name__} builder>", "exec"), namespace)
    built: Callable[..., T] = namespace["build"]
    return built


def slot_replacer(cls: type[T], field: str) -> Callable[[T, Any], T]:
    """`replace(record, value)`: `attrs.evolve(record, **{field: value})`, slot by slot."""
    names = [f.name for f in attrs.fields(cast("type[attrs.AttrsInstance]", cls))]
    if field not in names:
        raise ValueError(f"{cls.__name__} has no field {field!r}")
    if not _plain(cls):

        def by_evolve(record: Any, value: Any) -> T:
            evolved: T = attrs.evolve(record, **{field: value})
            return evolved

        return by_evolve
    build = slot_builder(cls)
    namespace: dict[str, Any] = {"_build": build}
    values = ", ".join("value" if name == field else f"record.{name}" for name in names)
    lines = ["def replace(record, value):", f"    return _build({values})"]
    # As in `slot_builder`: the source holds the class's own field names only.
    exec(compile("\n".join(lines), f"<{cls.__name__} {field} replacer>", "exec"), namespace)
    replace: Callable[[T, Any], T] = namespace["replace"]
    return replace


__all__ = ["slot_builder", "slot_replacer"]
