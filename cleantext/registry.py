"""Small named registries (in the manner of catalogue) for passes and rule kinds.

Lookups of unknown names fail with the list of valid choices and a close match, so a typo in a
rule file or on the command line tells the user what they meant.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from .errors import UnknownNameError

T = TypeVar("T")


def did_you_mean(name: str, choices: list[str]) -> str:
    """`` did you mean 'x'?`` for the closest choice, or an empty string."""
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


class Registry(Generic[T]):
    """A mapping of names to objects of one sort, filled by decorators at import time."""

    def __init__(self, what: str, plural: str | None = None, *, loader: Callable[[], bool] | None = None) -> None:
        self.what = what
        self.plural = plural or f"{what}s"
        self._items: dict[str, T] = {}
        #: called before each lookup, to register what other packages add (cleantext.plugins), until it
        #: says it is done (False: not yet, the built-in entries are still being registered)
        self._loader = loader

    def _load(self) -> None:
        loader = self._loader
        # kept until it says it is done: a failed load raises again at every later lookup, none goes on
        # without the plugins
        if loader is not None and loader():
            self._loader = None

    def register(self, name: str) -> Callable[[T], T]:
        def deco(obj: T) -> T:
            if name in self._items and self._items[name] is not obj:
                raise ValueError(f"{self.what} {name!r} is registered twice")
            self._items[name] = obj
            return obj

        return deco

    def get(self, name: str) -> T:
        if self._loader is not None:
            self._load()
        try:
            return self._items[name]
        except KeyError:
            raise UnknownNameError(self.unknown_message(name)) from None

    def unknown_message(self, name: str) -> str:
        names = sorted(self.names())
        return f"unknown {self.what} {name!r}. Available {self.plural}: {', '.join(names)}" + did_you_mean(
            name, names
        )

    def __contains__(self, name: object) -> bool:
        if self._loader is not None:
            self._load()
        return name in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def names(self) -> list[str]:
        if self._loader is not None:
            self._load()
        return list(self._items)
