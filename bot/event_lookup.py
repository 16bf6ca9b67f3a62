"""Rasa's lookup of an event's class by the event's name, remembered.

Rasa 3.6 turns every stored or received event back into an object (``Event.from_parameters``) through
``Event.resolve_by_type``, which walks the whole tree of ``Event``'s subclasses and asks each whether it is abstract:
paid for every event of a conversation each time it is read from the tracker store, and for every event the action
server sends back, about a twentieth of the Rasa server's work under load (README, Figures). :func:`install` makes
the lookup remember the class it found for each name. Rasa's walk still decides: a name is looked up its way the
first time, and a name it does not find (or finds only as the default given) is looked up its way every time, so a
class defined later is still found.

It is installed by the process that runs the Rasa server (``bot.rasa_server``), before the server starts; importing
this module changes nothing.
"""

from __future__ import annotations

from typing import Callable, Dict, Optional, Text, Type

from rasa.shared.core.events import Event

Lookup = Callable[[Text, Optional[Type[Event]]], Optional[Type[Event]]]


def remembering(walk: Lookup) -> Lookup:
    """``walk`` (Rasa's lookup), with the classes it finds remembered by name."""
    found: Dict[Text, Type[Event]] = {}

    def resolve_by_type(type_name: Text, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
        known = found.get(type_name)
        if known is not None:
            return known
        cls = walk(type_name, default)
        if cls is not None and cls is not default:
            found[type_name] = cls
        return cls

    return resolve_by_type


def install() -> None:
    """Makes ``Event.resolve_by_type`` remember what it finds, in this process."""
    if not getattr(Event.resolve_by_type, "remembers", False):
        lookup = remembering(Event.resolve_by_type)
        lookup.remembers = True  # type: ignore[attr-defined]
        Event.resolve_by_type = staticmethod(lookup)  # type: ignore[assignment]
