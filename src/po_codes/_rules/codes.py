"""Built-in rules on the code, the id, the district, the priority and the times: PO001–PO010.

Each rule is one block: its helpers, then the function that makes it.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Final

import polars as pl

from po_codes._duplicates import RepeatedKey
from po_codes._i18n import check_lang, text
from po_codes._rules._common import (
    _REFORM,
    T0,
    T1,
    T2,
    Params,
    _missing,
    _unreadable,
)
from po_codes._rules._model import Hint, Rule, RuleContext, Severity, TableNote, raw
from po_codes._values import repeated_hour

if TYPE_CHECKING:
    from datetime import date

__all__ = ["RULES"]


# -- PO001 -------------------------------------------------------------------------------


def _did_you_mean(name: str | None, lang: str) -> str:
    if name is None:
        return ""
    return text("report.did_you_mean", check_lang(lang), name=name)


def _code_hint(value: str, lang: str) -> str:
    from po_codes._codes import suggest_code  # noqa: PLC0415

    found = suggest_code(value)
    return _did_you_mean(None if found is None else found.value, lang)


def po001(_p: Params) -> Rule:
    """PO001: closure code is not one of the 14 PO codes."""
    return Rule(
        id="PO001",
        title={
            "en": "Closure code is not one of the 14 PO codes",
            "nb": "Avslutningskoden er ikke en av de 14 PO-kodene",
        },
        severity=Severity.ERROR,
        columns=("closure_code",),
        check=lambda _ctx: _unreadable("closure_code"),
        message={
            "en": "'{closure_code__raw}' is not one of the 14 PO closure codes{code_hint}",
            "nb": "«{closure_code__raw}» er ikke en av de 14 avslutningskodene i PO{code_hint}",
        },
        description={
            "en": "Even after tolerant parsing (case, whitespace, æ/ø/å spellings, "
            "English labels) the value matches no code. Correct the spelling or the "
            "export.",
            "nb": "Verdien passer ikke med noen kode, selv når store og små bokstaver, "
            "mellomrom, æ/ø/å-skrivemåter og engelske navn tolereres. Rett skrivemåten "
            "eller uttrekket.",
        },
        basis="Every task is closed with exactly one of the 14 closure codes.",
        hint=Hint(column="closure_code", name="code_hint", suggest=_code_hint),
        fails={"closure_code": "Utførtt"},
        passes={"closure_code": "Utført"},
    )


# -- PO002 -------------------------------------------------------------------------------


def _po002(ctx: RuleContext) -> pl.Expr:
    closed = ~_missing("closed_at") if ctx.has("closed_at") else pl.lit(value=True)
    return _missing("closure_code") & closed


def po002(_p: Params) -> Rule:
    """PO002: closure code is missing on a closed task."""
    return Rule(
        id="PO002",
        title={
            "en": "Closure code is missing on a closed task",
            "nb": "Avslutningskode mangler på et avsluttet oppdrag",
        },
        severity=Severity.ERROR,
        columns=("closure_code",),
        optional=("closed_at",),
        check=_po002,
        message={
            "en": "closure code is missing on a closed task: every closed task gets "
            "exactly one of the 14 codes",
            "nb": "avslutningskode mangler på et avsluttet oppdrag: hvert avsluttet "
            "oppdrag skal ha nøyaktig én av de 14 kodene",
        },
        description={
            "en": "Every task gets exactly one closure code when it is closed. A task "
            "counts as closed when closed_at is written, or always when the table has "
            "no closed_at column.",
            "nb": "Hvert oppdrag får nøyaktig én avslutningskode når det avsluttes. Et "
            "oppdrag regnes som avsluttet når avsluttet-tidspunktet er fylt ut, eller "
            "alltid når tabellen ikke har en slik kolonne.",
        },
        basis="A task gets its closure code when it ends.",
        fails={"closure_code": None, "closed_at": T2},
        passes={"closure_code": None, "closed_at": None},
    )


# -- PO003 -------------------------------------------------------------------------------


def _po003(ctx: RuleContext) -> pl.Expr:
    """The reference check: every written key after its first occurrence."""
    key = ctx.task_key
    written = pl.all_horizontal([~_missing(c) & ~_unreadable(c) for c in key])
    ids = pl.col(key[0]) if len(key) == 1 else pl.struct([pl.col(c) for c in key])
    return written & ~ids.is_first_distinct()


def _po003_message(ctx: RuleContext) -> pl.Expr:
    key = ctx.task_key
    shown = pl.concat_str([pl.col(c).cast(pl.String) for c in key], separator=" / ")
    what = ctx.text(" / ".join(key), "oppdragsnummer" if key == ("task_id",) else "oppdraget")
    return pl.format(
        ctx.text(
            f"{what} '{{}}' occurs more than once; the first occurrence is kept, this one is "
            "a duplicate",
            f"{what} «{{}}» finnes flere ganger; den første forekomsten beholdes, denne er en kopi",
        ),
        shown,
    )


_KEY_EXAMPLES: Final = {"district": "Oslo", "created_at": T0, "priority": "2"}


def _key_example(key: tuple[str, ...], task_id: str) -> dict[str, object]:
    """An example row's key columns: ``task_id`` where the value is an id, else a value."""
    return {column: _KEY_EXAMPLES.get(column, task_id) for column in key}


def po003(p: Params) -> Rule:
    """PO003: a task (its task key) occurs more than once."""
    return Rule(
        id="PO003",
        title={
            "en": f"The task ({' / '.join(p.task_key)}) occurs more than once"
            if p.task_key != ("task_id",)
            else "task_id occurs more than once",
            "nb": "Oppdragsnummeret finnes flere ganger"
            if p.task_key == ("task_id",)
            else f"Oppdraget ({' / '.join(p.task_key)}) finnes flere ganger",
        },
        severity=Severity.ERROR,
        columns=p.task_key,
        check=_po003,
        fast=RepeatedKey(),
        message=_po003_message,
        description={
            "en": "A task is logged once. Every occurrence after the first fails, so the "
            "first one stays among the valid rows (for a LazyFrame: the first in the "
            "order the plan gives). The task key (po.validate's task_key, default "
            "task_id) names the columns that identify a task, e.g. district and "
            "task_id where ids are unique per district only.",
            "nb": "Et oppdrag logges én gang. Hver forekomst etter den første feiler, så "
            "den første blir blant de gyldige radene. Oppdragsnøkkelen (task_key i "
            "po.validate, standard task_id) sier hvilke kolonner som identifiserer et "
            "oppdrag, for eksempel distrikt og oppdragsnummer der numrene bare er unike "
            "innen et distrikt.",
        },
        basis="Each task in the operational log is one row.",
        fails=[
            {**_key_example(p.task_key, "A1"), "closure_code": "Utført"},
            {**_key_example(p.task_key, "A1"), "closure_code": "Utført"},
        ],
        passes=[
            {**_key_example(p.task_key, "A1"), "closure_code": "Utført"},
            {**_key_example(p.task_key, "A2"), "closure_code": "Utført"},
        ],
    )


# -- PO004 -------------------------------------------------------------------------------


def _po004() -> pl.Expr:
    """closed_at before created_at, unless both fall in the repeated October hour.

    The time zone is consulted only for the rows closed "before" they were created
    (a time-zone lookup on every row cost a third of a whole validation).
    """
    closed, created = pl.col("closed_at"), pl.col("created_at")
    before = closed < created
    both = repeated_hour(pl.when(before).then(closed)) & repeated_hour(
        pl.when(before).then(created)
    )
    return before & ~both


def po004(_p: Params) -> Rule:
    """PO004: closed_at is before created_at."""
    return Rule(
        id="PO004",
        title={
            "en": "closed_at is before created_at",
            "nb": "Avsluttet-tidspunktet er før opprettet-tidspunktet",
        },
        severity=Severity.ERROR,
        columns=("closed_at", "created_at"),
        check=lambda _ctx: _po004(),
        message={
            "en": "closed_at {closed_at} is before created_at {created_at}",
            "nb": "avsluttet {closed_at} er før opprettet {created_at}",
        },
        description={
            "en": "A task cannot be closed before it was created; the timestamps are "
            "swapped or wrong.",
            "nb": "Et oppdrag kan ikke avsluttes før det ble opprettet; tidspunktene er "
            "byttet om eller feil.",
        },
        basis="A task is created, then closed. Both in the repeated hour of the "
        "October clock change, the order of the local times is ambiguous, not wrong.",
        fails={"closure_code": "Utført", "created_at": T2, "closed_at": T0},
        passes={"closure_code": "Utført", "created_at": T0, "closed_at": T2},
    )


# -- PO005 -------------------------------------------------------------------------------


def _district_hint(value: str, lang: str) -> str:
    from po_codes._districts import not_a_district, suggest_district  # noqa: PLC0415

    outside = not_a_district(value, lang)
    if outside is not None:  # e.g. Svalbard: say why, not "did you mean"
        return f" ({outside.split(': ', 1)[1]})"
    found = suggest_district(value)
    return _did_you_mean(None if found is None else found.name, lang)


def po005(_p: Params) -> Rule:
    """PO005: district is not a known police district."""
    return Rule(
        id="PO005",
        title={
            "en": "District is not a known police district",
            "nb": "Distriktet er ikke et kjent politidistrikt",
        },
        severity=Severity.ERROR,
        columns=("district",),
        check=lambda _ctx: _unreadable("district"),
        message={
            "en": "'{district__raw}' is not a known police district{district_hint}",
            "nb": "«{district__raw}» er ikke et kjent politidistrikt{district_hint}",
        },
        description={
            "en": "Districts are matched against the 27 districts of 2002, the 12 of "
            "2016 and the harmonised unit 'Nordland og Troms', with and without "
            "diacritics, 'politidistrikt' suffix and slug forms.",
            "nb": "Distrikter sammenlignes med de 27 fra 2002, de 12 fra 2016 og den "
            "harmoniserte enheten «Nordland og Troms», med og uten æ/ø/å, med "
            "«politidistrikt» og i kortform.",
        },
        basis="Figures are published per police district.",
        hint=Hint(column="district", name="district_hint", suggest=_district_hint),
        fails={"closure_code": "Utført", "district": "Trondelagg"},
        passes={"closure_code": "Utført", "district": "Trøndelag"},
    )


# -- PO006 -------------------------------------------------------------------------------


def po006(_p: Params) -> Rule:
    """PO006: priority is not 1–5 or INGEN."""
    return Rule(
        id="PO006",
        title={
            "en": "Priority is not 1–5 or INGEN",
            "nb": "Prioriteten er ikke 1–5 eller INGEN",
        },
        severity=Severity.ERROR,
        columns=("priority",),
        check=lambda _ctx: _unreadable("priority"),
        message={
            "en": "'{priority__raw}' is not a PO priority: use 1, 2, 3, 4, 5 or INGEN",
            "nb": "«{priority__raw}» er ikke en prioritet i PO: bruk 1, 2, 3, 4, 5 eller INGEN",
        },
        description={
            "en": "Priorities run from 1 (most urgent) to 5, and INGEN. Forms such as "
            "'P1' or 'Prio 1' are accepted.",
            "nb": "Prioritetene går fra 1 (mest hastende) til 5, og INGEN. Skrivemåter "
            "som «P1» og «Prio 1» godtas.",
        },
        basis="Tasks carry a priority; INGEN is the usual one for 'Ingen operative tiltak'.",
        fails={"closure_code": "Utført", "priority": "7"},
        passes={"closure_code": "Utført", "priority": "5"},
    )


# -- PO007 -------------------------------------------------------------------------------


def _po007(ctx: RuleContext) -> pl.Expr:
    early = pl.col("arrived_at") < pl.col("created_at")
    if ctx.has("closed_at"):
        return early | (pl.col("arrived_at") > pl.col("closed_at"))
    return early


def po007(_p: Params) -> Rule:
    """PO007: arrived_at is before created_at or after closed_at."""
    return Rule(
        id="PO007",
        title={
            "en": "arrived_at is before created_at or after closed_at",
            "nb": "Ankomsttiden er før oppdraget ble opprettet eller etter at det ble avsluttet",
        },
        severity=Severity.WARNING,
        columns=("arrived_at", "created_at"),
        optional=("closed_at",),
        check=_po007,
        message={
            "en": "arrived_at {arrived_at} is outside the task's life ({created_at} – {closed_at})",
            "nb": "ankomst {arrived_at} er utenfor tidsrommet oppdraget var åpent "
            "({created_at} – {closed_at})",
        },
        description={
            "en": "A resource arrives after the task is created and before it is closed.",
            "nb": "En ressurs kommer fram etter at oppdraget er opprettet og før det er avsluttet.",
        },
        basis="A resource is sent to a task that exists and is still open.",
        fails={"closure_code": "Utført", "created_at": T1, "arrived_at": T0},
        passes={"closure_code": "Utført", "created_at": T0, "arrived_at": T1},
    )


# -- PO008 -------------------------------------------------------------------------------


def po008(_p: Params) -> Rule:
    """PO008: closure code was recognised only after tolerant parsing."""
    return Rule(
        id="PO008",
        title={
            "en": "Closure code was recognised only after tolerant parsing",
            "nb": "Avslutningskoden er skrevet på en avvikende måte, men gjenkjent",
        },
        severity=Severity.INFO,
        columns=("closure_code",),
        check=lambda _ctx: pl.col("closure_code__tolerant"),
        message={
            "en": "'{closure_code__raw}' was read as '{closure_code}': write the exact label",
            "nb": "«{closure_code__raw}» ble lest som «{closure_code}»: skriv den nøyaktige koden",
        },
        description={
            "en": "The value is not the exact Norwegian label but was recognised (e.g. "
            "'Utfoert' for 'Utført', or surrounding spaces). Exports should use the "
            "exact labels.",
            "nb": "Verdien er ikke den nøyaktige koden, men ble gjenkjent (for eksempel "
            "«Utfoert» for «Utført», eller mellomrom rundt). Uttrekk bør bruke de "
            "nøyaktige kodene.",
        },
        basis="The codes are fixed labels in PO.",
        fails={"closure_code": "Utfoert"},
        passes={"closure_code": "Utført"},
    )


# -- PO009 -------------------------------------------------------------------------------

_READ_COLUMNS: Final = (
    "created_at",
    "closed_at",
    "arrived_at",
    "resource_assigned",
    "resource_redeployed",
)


def _po009(ctx: RuleContext) -> pl.Expr:
    read = [n for n in _READ_COLUMNS if ctx.has(n)]
    if not read:
        return pl.lit(value=False)
    return pl.any_horizontal([_unreadable(n) for n in read])


def _po009_message(ctx: RuleContext) -> pl.Expr:
    def shown(name: str) -> pl.Expr:
        if ctx.lang == "nb":  # the value in «», then the header as the user wrote it
            header = ctx.header(name).replace("{", "{{").replace("}", "}}")
            return pl.format(f"«{{}}» i kolonnen «{header}»", raw(name))
        return pl.format(f"{name} '{{}}'", raw(name))

    parts = [pl.when(_unreadable(n)).then(shown(n)) for n in _READ_COLUMNS if ctx.has(n)]
    advice = ctx.text(
        " could not be read: write timestamps as 2016-01-31 14:05 or 31.01.2016 14:05 and "
        "yes/no values as Ja/Nei",
        " kunne ikke leses: skriv tidspunkter som 31.01.2016 14:05 eller 2016-01-31 14:05 "
        "og ja/nei-verdier som Ja eller Nei",
    )
    if not parts:
        return pl.lit(advice.strip())
    return pl.concat_str([pl.concat_str(parts, separator=", ", ignore_nulls=True), pl.lit(advice)])


def po009(_p: Params) -> Rule:
    """PO009: a timestamp or yes/no value could not be read."""
    return Rule(
        id="PO009",
        title={
            "en": "A timestamp or yes/no value could not be read",
            "nb": "Et tidspunkt eller en ja/nei-verdi kunne ikke leses",
        },
        severity=Severity.WARNING,
        columns=(),
        optional=_READ_COLUMNS,
        check=_po009,
        message=_po009_message,
        description={
            "en": "Timestamps are read as ISO 8601 or dd.mm.yyyy HH:MM[:SS], yes/no "
            "values as Ja/Nei, true/false, 1/0. An unreadable value is treated as "
            "unknown by the other rules, so they cannot check it.",
            "nb": "Tidspunkter leses som ISO 8601 eller dd.mm.åååå tt:mm[:ss], "
            "ja/nei-verdier som Ja eller Nei, true eller false, 1 eller 0. En verdi som "
            "ikke kan leses, regnes som ukjent av de andre reglene, så de kan ikke "
            "sjekke den.",
        },
        basis="The rules need the times and the resource facts of each task.",
        fails={"closure_code": "Utført", "created_at": "i går kveld"},
        passes={"closure_code": "Utført", "created_at": "31.01.2016 22:15"},
    )


# -- PO010 -------------------------------------------------------------------------------


def _old_only() -> dict[str, tuple[str, date]]:
    """Names only of the 2002 districts -> (their successors' names, last day logged)."""
    from po_codes._districts import District, districts  # noqa: PLC0415

    new = {d.name for d in districts(2016)}
    found: dict[str, tuple[str, date]] = {}
    for old in districts(2002):
        last = old.last_logged
        if old.name in new or last is None:
            continue
        names = " | ".join(District.by_id(s).name for s in old.successors)
        found[old.name] = (names, last)
    return found


def _new_only() -> dict[str, str]:
    """Names only of the 2016 districts -> the names of their predecessors ("A | B | C")."""
    from po_codes._districts import districts  # noqa: PLC0415

    old = {d.name for d in districts(2002)}
    return {
        d.name: " | ".join(p.name for p in d.predecessors)
        for d in districts(2016)
        if d.name not in old
    }


def _listed(names: pl.Expr, lang: str, *, both: bool = False) -> pl.Expr:
    """``"A | B | C"`` as «A», «B» eller «C» (nb) or 'A', 'B' or 'C' (en); ``both``: og/and."""
    open_, close = ("«", "»") if lang == "nb" else ("'", "'")
    words = {("nb", False): " eller ", ("nb", True): " og ", ("en", False): " or "}
    last = words.get((lang, both), " and ")
    quoted = pl.lit(open_) + names.str.replace_all(" | ", close + ", " + open_, literal=True)
    return (quoted + pl.lit(close)).str.replace(r"^(.*), ", "${1}" + last)


_DAY: Final = timedelta(days=1)


def _po010_early() -> pl.Expr:
    """A 2016-only name on a task created before the reform."""
    return pl.col("district").is_in(list(_new_only())) & (pl.col("created_at") < _REFORM)


def _po010_harmonised(_ctx: RuleContext) -> pl.Expr:
    """One Boolean: pre-2016 rows use 2016-only names, and none uses a 2002-only name."""
    old_before = pl.col("district").is_in(list(_old_only())) & (pl.col("created_at") < _REFORM)
    return _po010_early().any() & ~old_before.any()


def _po010_late() -> pl.Expr:
    """A 2002-only name on a task created after its operations centre's last day.

    One ``is_in`` per last day (a handful), cheaper than a lookup of every name's day.
    """
    days: dict[date, list[str]] = {}
    for name, (_, until) in _old_only().items():
        days.setdefault(until, []).append(name)
    created = pl.col("created_at")
    return pl.any_horizontal(
        pl.col("district").is_in(names) & (created >= datetime.combine(day, time()) + _DAY)
        for day, names in sorted(days.items())
    )


def _po010(ctx: RuleContext) -> pl.Expr:
    harmonised = ctx.noted("PO010", _po010_harmonised)
    return (_po010_early() & ~harmonised) | _po010_late()


def _po010_message(ctx: RuleContext) -> pl.Expr:
    old, new = _old_only(), _new_only()
    district = pl.col("district")
    successors = district.replace_strict(
        list(old), [names for names, _ in old.values()], default=None, return_dtype=pl.String
    )
    until = district.replace_strict(
        list(old), [str(day) for _, day in old.values()], default=None, return_dtype=pl.String
    )
    before = district.replace_strict(list(new), list(new.values()), default=None)
    quote = ("«", "»") if ctx.lang == "nb" else ("'", "'")
    name = pl.lit(quote[0]) + district + pl.lit(quote[1])
    year = pl.col("created_at").dt.year().cast(pl.String)
    day = pl.col("created_at").dt.date().cast(pl.String)
    early = pl.format(
        ctx.text(
            "{} is a district of the 2016 reform, but the task was created in {}: use the "
            "district of that time ({}), or harmonise the whole series to the 2016 names "
            "(po.harmonize_districts)",
            "{} er et distrikt fra reformen i 2016, men oppdraget ble opprettet i {}: bruk "
            "distriktet fra den tiden ({}), eller harmoniser hele serien til navnene fra "
            "2016 (po.harmonize_districts)",
        ),
        name,
        year,
        _listed(before, ctx.lang),
    )
    late = pl.format(
        ctx.text(
            "{} became part of {} in the 2016 reform, and its operations centre logged "
            "under the old name until {}, but the task was created on {}: use {}",
            "{} ble en del av {} i reformen i 2016, og operasjonssentralen loggførte under "
            "det gamle navnet til og med {}, men oppdraget ble opprettet {}: bruk {}",
        ),
        name,
        _listed(successors, ctx.lang, both=True),
        until,
        day,
        _listed(successors, ctx.lang),
    )
    return pl.when(pl.col("created_at") < _REFORM).then(early).otherwise(late)


def po010(_p: Params) -> Rule:
    """PO010: the district's name was not in use when the task was created."""
    return Rule(
        id="PO010",
        title={
            "en": "The district's name was not in use when the task was created",
            "nb": "Distriktsnavnet var ikke i bruk da oppdraget ble opprettet",
        },
        severity=Severity.INFO,
        columns=("district", "created_at"),
        check=_po010,
        message=_po010_message,
        description={
            "en": "A name only of the 12 districts of 2016 on a task created before "
            "2016, or a name only of the 27 earlier districts on a task created after "
            "its operations centre merged into the new district's (Finnmark "
            "2017-02-22; Nordland and Troms, with Midtre Hålogaland, 2017-05-31; Øst "
            "2018-03-07; Sør-Øst about 2018-04-30; 2018-05-01 where no date is known). "
            "Names of both generations (Oslo, Agder, Troms) and harmonised units "
            "always fit. A series written with the 2016 names for every year (no "
            "pre-2016 row uses an old-only name) is harmonised, not wrong: the rule "
            "stays silent on it and the report says so once.",
            "nb": "Et navn som bare finnes blant de 12 distriktene fra 2016 på et "
            "oppdrag fra før 2016, eller et navn som bare finnes blant de 27 tidligere "
            "distriktene på et oppdrag fra etter at operasjonssentralen ble slått sammen "
            "med det nye distriktets (Finnmark 22.02.2017; Nordland og Troms, med "
            "Midtre Hålogaland, 31.05.2017; Øst 07.03.2018; Sør-Øst omkring "
            "30.04.2018; 01.05.2018 der datoen ikke er kjent). Navn fra begge "
            "generasjoner (Oslo, Agder, Troms) og harmoniserte enheter passer alltid. "
            "En serie skrevet med navnene fra 2016 for alle år (ingen rad fra før 2016 "
            "bruker et navn som bare fantes før) er harmonisert, ikke feil: regelen "
            "sier ingenting om den, og rapporten nevner det én gang.",
        },
        basis="The police reform replaced 27 districts by 12 from 1 January 2016; the "
        "operations centres merged one by one until spring 2018.",
        fails=[
            {"closure_code": "Utført", "district": "Østfold", "created_at": "2009-05-01 12:00"},
            {"closure_code": "Utført", "district": "Øst", "created_at": "2010-05-01 12:00"},
        ],
        passes=[
            {"closure_code": "Utført", "district": "Østfold", "created_at": "2009-05-01 12:00"},
            {"closure_code": "Utført", "district": "Øst", "created_at": "2016-05-01 12:00"},
        ],
        note=TableNote(
            when=_po010_harmonised,
            text={
                "en": "The series is harmonised: tasks before 2016 carry the 2016 "
                "district names, so PO010 does not report them one by one.",
                "nb": "Serien er harmonisert: oppdrag fra før 2016 har distriktsnavnene "
                "fra 2016, så PO010 melder dem ikke hver for seg.",
            },
        ),
    )


RULES: Final = (po001, po002, po003, po004, po005, po006, po007, po008, po009, po010)
"""The makers of this family's rules, in id order."""
