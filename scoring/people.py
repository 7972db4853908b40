"""Who sits on a panel: roles, young or adult, and the age bands we ask for instead of a date of birth."""

from enum import StrEnum


class MemberRole(StrEnum):
    PANELLIST = "panellist"
    CHAIR = "chair"

    @property
    def label(self) -> str:
        return {"panellist": "Panel member", "chair": "Chair"}[self.value]


class MemberKind(StrEnum):
    YOUNG = "young"
    ADULT = "adult"

    @property
    def label(self) -> str:
        return {"young": "Young person", "adult": "Adult"}[self.value]


class AgeBand(StrEnum):
    """Bands wide enough that nobody can be picked out by age, narrow enough to report on."""

    B10_13 = "10-13"
    B14_16 = "14-16"
    B17_19 = "17-19"
    B20_25 = "20-25"
    B26_30 = "26-30"

    @property
    def label(self) -> str:
        low, high = self.value.split("-")
        return f"{low} to {high}"


def age_band_problem(kind: MemberKind, band: AgeBand | None) -> str | None:
    """Young members need an age band; adults never have one."""
    if kind is MemberKind.YOUNG and band is None:
        return "Choose the young person's age band"
    if kind is MemberKind.ADULT and band is not None:
        return "Only young people have an age band"
    return None
