"""Built-in rules on case numbers, priorities and what a code implies: PO201–PO208.

Each rule is one block: its helpers, then the function that makes it.
"""

from __future__ import annotations

from typing import Final

import polars as pl

from po_codes._rules._common import (
    _C,
    T1,
    Params,
    _is,
    _missing,
)
from po_codes._rules._model import Rule, RuleContext, Severity

__all__ = ["RULES"]


# -- PO201 -------------------------------------------------------------------------------


def po201(_p: Params) -> Rule:
    """PO201: 'Sak opprettet' without a case number."""
    return Rule(
        id="PO201",
        title={
            "en": "'Sak opprettet' without a case number",
            "nb": "«Sak opprettet» uten saksnummer",
        },
        severity=Severity.ERROR,
        columns=("closure_code", "case_number"),
        check=lambda _ctx: _is(_C.SAK_OPPRETTET) & _missing("case_number"),
        message={
            "en": "'Sak opprettet' needs the case number from BL in case_number: add it, "
            "or use 'Videre oppfølgingstiltak' if no case was created yet",
            "nb": "«Sak opprettet» krever saksnummeret fra BL: før det inn, eller bruk "
            "«Videre oppfølgingstiltak» hvis saken ikke er opprettet ennå",
        },
        description={
            "en": "'Sak opprettet' means a case exists in BL and its number is in the task log.",
            "nb": "«Sak opprettet» betyr at det finnes en sak i BL, og at saksnummeret "
            "står i oppdragsloggen.",
        },
        codes=(_C.SAK_OPPRETTET,),
        basis="The case number from BL is entered in the task log.",
        fails={"closure_code": "Sak opprettet", "case_number": "-"},
        passes={"closure_code": "Sak opprettet", "case_number": "BL-77"},
    )


# -- PO202 -------------------------------------------------------------------------------


def po202(_p: Params) -> Rule:
    """PO202: 'Videre oppfølgingstiltak' with a case number."""
    return Rule(
        id="PO202",
        title={
            "en": "'Videre oppfølgingstiltak' with a case number",
            "nb": "«Videre oppfølgingstiltak» med saksnummer",
        },
        severity=Severity.INFO,
        columns=("closure_code", "case_number"),
        check=lambda _ctx: _is(_C.VIDERE_OPPFOLGINGSTILTAK) & ~_missing("case_number"),
        message={
            "en": "'Videre oppfølgingstiltak' with case number '{case_number}': a case "
            "exists, so 'Sak opprettet' is likely right",
            "nb": "«Videre oppfølgingstiltak» med saksnummer «{case_number}»: saken "
            "finnes, så «Sak opprettet» er trolig riktig",
        },
        description={
            "en": "'Videre oppfølgingstiltak' is for tasks closed before a case was "
            "created; a case number suggests 'Sak opprettet'. Often the case was simply "
            "created after the task closed, as the code's own timeline says, so this "
            "is only noted.",
            "nb": "«Videre oppfølgingstiltak» er for oppdrag som avsluttes før sak er "
            "opprettet; et saksnummer tyder på «Sak opprettet». Ofte ble saken bare "
            "opprettet etter at oppdraget ble avsluttet, slik kodens egen tidslinje "
            "sier, så dette er bare en merknad.",
        },
        codes=(_C.VIDERE_OPPFOLGINGSTILTAK,),
        basis="The code is used when the task closes before the case is created.",
        fails={"closure_code": "Videre oppfølgingstiltak", "case_number": "BL-77"},
        passes={"closure_code": "Videre oppfølgingstiltak", "case_number": None},
    )


# -- PO203 -------------------------------------------------------------------------------


def _po203(ctx: RuleContext) -> pl.Expr:
    return _is(_C.IKKE_KAPASITET) & (pl.col("priority").to_physical() > ctx.priority_threshold.rank)


def po203(p: Params) -> Rule:
    """PO203: 'Ikke kapasitet' with a priority less urgent than the threshold."""
    return Rule(
        id="PO203",
        title={
            "en": f"'Ikke kapasitet' with a priority less urgent than {p.threshold.value} "
            f"({p.calm['en']})",
            "nb": f"«Ikke kapasitet» med lavere prioritet enn {p.threshold.value} ({p.calm['nb']})",
        },
        severity=Severity.WARNING,
        columns=("closure_code", "priority"),
        check=_po203,
        message={
            "en": "'Ikke kapasitet' with priority {priority}: the code is for tasks of "
            f"priority {p.urgent['en']} that should have had a resource",
            "nb": "«Ikke kapasitet» med prioritet {priority}: koden er for oppdrag med "
            f"prioritet {p.urgent['nb']} som skulle hatt ressurs",
        },
        description={
            "en": "'Ikke kapasitet' is for police matters OPS wanted a resource on, "
            "given priority 3 or higher. We read 'higher' as 'more urgent' (1, 2 or "
            "3); the threshold is the priority_threshold argument of po.validate.",
            "nb": "«Ikke kapasitet» er for politisaker der OPS ville sende ressurs, med "
            "prioritet 3 eller høyere (1–3): vi leser «høyere» som «mer hastende». "
            "Grensen er argumentet priority_threshold i po.validate.",
        },
        codes=(_C.IKKE_KAPASITET,),
        basis="'Ikke kapasitet' is used for tasks of priority 3 or higher.",
        fails={"closure_code": "Ikke kapasitet", "priority": "5"},
        passes={"closure_code": "Ikke kapasitet", "priority": "2"},
    )


# -- PO204 -------------------------------------------------------------------------------


def _po204(ctx: RuleContext) -> pl.Expr:
    urgent = pl.col("priority").to_physical() <= ctx.priority_threshold.rank
    return _is(_C.INGEN_OPERATIVE_TILTAK) & urgent


def po204(p: Params) -> Rule:
    """PO204: 'Ingen operative tiltak' with an urgent priority."""
    return Rule(
        id="PO204",
        title={
            "en": f"'Ingen operative tiltak' with priority {p.urgent['en']}",
            "nb": f"«Ingen operative tiltak» med prioritet {p.urgent['nb']}",
        },
        severity=Severity.WARNING,
        columns=("closure_code", "priority"),
        check=_po204,
        message={
            "en": "'Ingen operative tiltak' with priority {priority}: an urgent task "
            "without action may really be 'Ikke kapasitet'; the code is right when the "
            "report proved wrong before a resource was set (the task keeps its urgent "
            "priority)",
            "nb": "«Ingen operative tiltak» med prioritet {priority}: et hastende oppdrag "
            "uten tiltak kan egentlig være «Ikke kapasitet»; koden er riktig når "
            "meldingen viste seg å være feil før ressurs ble satt på oppdraget "
            "(oppdraget beholder da den hastende prioriteten)",
        },
        description={
            "en": "'Ingen operative tiltak' usually has priority INGEN and must never "
            f"replace 'Ikke kapasitet'. Priority {p.urgent['en']} (the priority_threshold "
            "of po.validate, as for PO203) suggests it did, unless the report proved "
            "wrong before a resource was set: then the code is right and the task keeps "
            "its urgent priority.",
            "nb": "«Ingen operative tiltak» har som regel prioritet INGEN og skal aldri "
            f"erstatte «Ikke kapasitet». Prioritet {p.urgent['nb']} (priority_threshold i "
            "po.validate, som for PO203) tyder på at den gjorde det, med mindre "
            "meldingen viste seg å være feil før ressurs ble satt på oppdraget: da er "
            "koden riktig, og oppdraget beholder den hastende prioriteten.",
        },
        codes=(_C.INGEN_OPERATIVE_TILTAK, _C.IKKE_KAPASITET),
        basis="'Ingen operative tiltak' must never be used instead of 'Ikke kapasitet'.",
        fails={"closure_code": "Ingen operative tiltak", "priority": "2"},
        passes={"closure_code": "Ingen operative tiltak", "priority": "INGEN"},
    )


# -- PO205 -------------------------------------------------------------------------------


def po205(_p: Params) -> Rule:
    """PO205: 'Ordnet på stedet' without incident type."""
    return Rule(
        id="PO205",
        title={
            "en": "'Ordnet på stedet' without incident type",
            "nb": "«Ordnet på stedet» uten forholdets art",
        },
        severity=Severity.INFO,
        columns=("closure_code", "incident_type"),
        check=lambda _ctx: _is(_C.ORDNET_PA_STEDET) & _missing("incident_type"),
        message={
            "en": "'Ordnet på stedet' is tied to the nature of the incident, but "
            "incident_type is empty",
            "nb": "«Ordnet på stedet» knyttes til forholdets art, men forholdets art mangler",
        },
        description={
            "en": "'Ordnet på stedet' is related to the nature of the incident "
            "(forholdets art), e.g. public disorder; the code does not require it, so "
            "a missing incident type is only noted.",
            "nb": "«Ordnet på stedet» henger sammen med forholdets art, for eksempel "
            "ordensforstyrrelse; koden krever den ikke, så manglende forholdets art er "
            "bare en merknad.",
        },
        codes=(_C.ORDNET_PA_STEDET,),
        basis="'Ordnet på stedet' is tied to the nature of the incident.",
        fails={"closure_code": "Ordnet på stedet", "incident_type": None},
        passes={"closure_code": "Ordnet på stedet", "incident_type": "Ordensforstyrrelse"},
    )


# -- PO206 -------------------------------------------------------------------------------


def _po206(_ctx: RuleContext) -> pl.Expr:
    return _is(_C.ORDNET_PA_STEDET, _C.UTEN_RESULTAT) & _missing("arrived_at")


def po206(_p: Params) -> Rule:
    """PO206: 'Ordnet på stedet' or 'Uten resultat' without arrival time."""
    return Rule(
        id="PO206",
        title={
            "en": "'Ordnet på stedet' or 'Uten resultat' without arrival time",
            "nb": "«Ordnet på stedet» eller «Uten resultat» uten ankomsttid",
        },
        severity=Severity.INFO,
        columns=("closure_code", "arrived_at"),
        check=_po206,
        message={
            "en": "'{closure_code}' means the patrol was on scene, but arrived_at is empty",
            "nb": "«{closure_code}» betyr at patruljen var på stedet, men ankomsttiden mangler",
        },
        description={
            "en": "Both codes say the patrol reached the scene, so an arrival time is "
            "expected when the export has an arrived_at column. Arrival times were "
            "registered incompletely for years (the National Police Directorate said so "
            "in 2015), so a missing one is only noted.",
            "nb": "Begge kodene sier at patruljen kom fram, så en ankomsttid ventes når "
            "uttrekket har en slik kolonne. Ankomsttider ble i mange år registrert "
            "ufullstendig (Politidirektoratet sa det i 2015), så en manglende "
            "ankomsttid er bare en merknad.",
        },
        codes=(_C.ORDNET_PA_STEDET, _C.UTEN_RESULTAT),
        basis="Both codes describe a patrol on scene.",
        fails={"closure_code": "Uten resultat", "arrived_at": None},
        passes={"closure_code": "Uten resultat", "arrived_at": T1},
    )


# -- PO207 -------------------------------------------------------------------------------


def po207(_p: Params) -> Rule:
    """PO207: 'Overtatt' without handled_by."""
    return Rule(
        id="PO207",
        title={"en": "'Overtatt' without handled_by", "nb": "«Overtatt» uten hvem som overtok"},
        severity=Severity.INFO,
        columns=("closure_code", "handled_by"),
        check=lambda _ctx: _is(_C.OVERTATT) & _missing("handled_by"),
        message={
            "en": "'Overtatt' without handled_by: record who took over (another "
            "district, health services, child welfare...)",
            "nb": "«Overtatt» uten hvem som overtok: registrer hvem (annet distrikt, "
            "helsevesen, barnevernsvakt ...)",
        },
        description={
            "en": "'Overtatt' means someone else handles the task; saying who makes the "
            "figure useful.",
            "nb": "«Overtatt» betyr at andre håndterer oppdraget; å si hvem gjør tallet nyttig.",
        },
        codes=(_C.OVERTATT,),
        basis="'Overtatt' names tasks handled by others, internal or external.",
        fails={"closure_code": "Overtatt", "handled_by": None},
        passes={"closure_code": "Overtatt", "handled_by": "Helse"},
    )


# -- PO208 -------------------------------------------------------------------------------

_NO_FOLLOW_UP: Final = (_C.UTFORT, _C.MUNTLIG_PALEGG, _C.UTEN_RESULTAT)


def po208(_p: Params) -> Rule:
    """PO208: a case number on a code that says no follow-up."""
    return Rule(
        id="PO208",
        title={
            "en": "A case number on a code that says no follow-up",
            "nb": "Saksnummer på en kode som sier at ingen oppfølging trengs",
        },
        severity=Severity.INFO,
        columns=("closure_code", "case_number"),
        check=lambda _ctx: _is(*_NO_FOLLOW_UP) & ~_missing("case_number"),
        message={
            "en": "'{closure_code}' with case number '{case_number}': the code says no "
            "further follow-up, but a case exists, so 'Sak opprettet' is likely right",
            "nb": "«{closure_code}» med saksnummer «{case_number}»: koden sier at ingen "
            "oppfølging trengs, men saken finnes, så «Sak opprettet» er trolig riktig",
        },
        description={
            "en": "'Utført', 'Muntlig pålegg' and 'Uten resultat' all say nothing more "
            "is done; a case number may mean 'Sak opprettet'. It may also be the "
            "number of an existing case the task served (transport, guarding, an "
            "arrest), so this is only noted.",
            "nb": "«Utført», «Muntlig pålegg» og «Uten resultat» sier alle at ingenting "
            "mer gjøres; et saksnummer kan bety «Sak opprettet». Det kan også være "
            "nummeret på en sak som finnes fra før, som oppdraget gjaldt (transport, "
            "vakthold, pågripelse), så dette er bare en merknad.",
        },
        codes=_NO_FOLLOW_UP,
        basis="These three codes close a task with nothing further to do.",
        fails={"closure_code": "Utført", "case_number": "BL-77"},
        passes={"closure_code": "Utført", "case_number": None},
    )


RULES: Final = (po201, po202, po203, po204, po205, po206, po207, po208)
"""The makers of this family's rules, in id order."""
