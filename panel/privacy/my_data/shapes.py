"""The shape of My data: sections of groups of rows, all plain words, so the page and the JSON share them."""

from dataclasses import asdict, dataclass, field

from panel.core.templating import long_date


@dataclass(frozen=True)
class Row:
    """One thing we hold, as a label and its value in words."""

    label: str
    value: str


@dataclass(frozen=True)
class Group:
    """Rows that belong together, like one round or one scoring sheet; title "" for none."""

    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Section:
    """One kind of data: what it is, why we keep it and for how long."""

    key: str
    title: str
    why: str
    kept: str
    groups: tuple[Group, ...] = ()
    empty: str = "We don't hold anything of this kind about you."


@dataclass(frozen=True)
class MyData:
    """What we hold about the person, made at a moment in time."""

    name: str
    made_at: str
    sections: tuple[Section, ...] = field(default_factory=tuple)

    def as_json(self) -> dict:
        """The same data, as plain values for the download."""
        return {
            "about": "Everything Co-Panel holds about you",
            "name": self.name,
            "made_at": self.made_at,
            "sections": [asdict(section) for section in self.sections],
        }


def when(moment) -> str:
    """A date and time in words, or "Not yet"."""
    return long_date(moment) if moment is not None else "Not yet"
