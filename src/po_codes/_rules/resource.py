"""Built-in rules on the resource set on a task: PO101–PO107.

Each rule is one block: its helpers, then the function that makes it.
"""

from __future__ import annotations

from typing import Final

import polars as pl

from po_codes._rules._common import (
    _C,
    _TAKEN_AWAY,
    T1,
    Params,
    _is,
    _label,
    _missing,
    _with_resource,
    _without_overtatt,
    _without_resource,
)
from po_codes._rules._model import Rule, RuleContext, Severity

__all__ = ["RULES"]


# -- PO101 -------------------------------------------------------------------------------


def _po101_message(ctx: RuleContext) -> pl.Expr:
    return (
        pl.when(_is(_C.FEIL_MELDING))
        .then(
            pl.lit(
                ctx.text(
                    "'Feil melding' is only used once a resource was deployed, but "
                    "resource_assigned is false: if the report proved wrong before a "
                    "resource was set, use 'Ingen operative tiltak'",
                    "«Feil melding» brukes bare når ressurs er satt på oppdraget, og det er "
                    "ikke gjort her: ble meldingen avklart som feil før det, er «Ingen "
                    "operative tiltak» riktig kode",
                )
            )
        )
        .otherwise(
            pl.format(
                ctx.text(
                    "'{}' is a with-resource code but resource_assigned is false: correct "
                    "resource_assigned, or use a code for tasks without a resource",
                    "«{}» er en kode for oppdrag med ressurs, men det er ingen ressurs satt på "
                    "oppdraget: rett opp ressursfeltet, eller bruk en kode for oppdrag uten "
                    "ressurs",
                ),
                _label(),
            )
        )
    )


def po101(_p: Params) -> Rule:
    """PO101: with-resource code but no resource was assigned."""
    return Rule(
        id="PO101",
        title={
            "en": "With-resource code but no resource was assigned",
            "nb": "Kode for oppdrag med ressurs, men ingen ressurs er satt på oppdraget",
        },
        severity=Severity.ERROR,
        columns=("closure_code", "resource_assigned"),
        check=lambda _ctx: _with_resource() & ~pl.col("resource_assigned"),
        message=_po101_message,
        description={
            "en": "The nine with-resource codes may only be used when a resource was "
            "deployed. 'Feil melding' discovered before a resource was set is 'Ingen "
            "operative tiltak'.",
            "nb": "De ni kodene for oppdrag med ressurs kan bare brukes når ressurs er "
            "satt på oppdraget. «Feil melding» som avklares før ressurs er satt på "
            "oppdraget, er «Ingen operative tiltak».",
        },
        codes=_C.with_resource(),
        basis="Nine codes are only for tasks with a resource deployed.",
        fails={"closure_code": "Feil melding", "resource_assigned": "Nei"},
        passes={"closure_code": "Feil melding", "resource_assigned": "Ja"},
    )


# -- PO102 -------------------------------------------------------------------------------


def _po102(ctx: RuleContext) -> pl.Expr:
    assigned = pl.col("resource_assigned") & _without_resource() & ~_is(_C.OVERTATT)
    if ctx.has("resource_redeployed"):
        # "Ikke kapasitet" after a redeployed resource is allowed; unknown is PO103's job.
        redeployed = pl.col("resource_redeployed")
        excused = _is(_C.IKKE_KAPASITET) & (redeployed | redeployed.is_null())
        po106 = (_is(*_TAKEN_AWAY) & redeployed).fill_null(value=False)  # left to PO106
        return assigned & ~excused & ~po106
    return assigned & ~_is(_C.IKKE_KAPASITET)


def _po102_message(ctx: RuleContext) -> pl.Expr:
    return (
        pl.when(_is(_C.FALSK_MELDING))
        .then(
            pl.lit(
                ctx.text(
                    "'Falsk melding' is only used when no resource was deployed, but "
                    "resource_assigned is true: use e.g. 'Muntlig pålegg', "
                    "'Videre oppfølgingstiltak', 'Uten resultat' or 'Bortfalt'",
                    "«Falsk melding» brukes bare når ingen ressurs er satt på oppdraget, men "
                    "her er det satt en: bruk for eksempel «Muntlig pålegg», «Videre "
                    "oppfølgingstiltak», «Uten resultat» eller «Bortfalt»",
                )
            )
        )
        .when(_is(_C.IKKE_KAPASITET))
        .then(
            pl.lit(
                ctx.text(
                    "'Ikke kapasitet' with resource_assigned true is only allowed when the "
                    "resource was redeployed, but resource_redeployed is false",
                    "«Ikke kapasitet» med ressurs satt på oppdraget er bare riktig når "
                    "ressursen ble omdisponert, men oppdraget er ikke merket som omdisponert",
                )
            )
        )
        .otherwise(
            pl.format(
                ctx.text(
                    "'{}' is a code for tasks without a resource, but resource_assigned is "
                    "true: use a with-resource code, or correct resource_assigned",
                    "«{}» er en kode for oppdrag uten ressurs, men en ressurs er satt på "
                    "oppdraget: bruk en kode for oppdrag med ressurs, eller rett opp "
                    "ressursfeltet",
                ),
                _label(),
            )
        )
    )


def po102(_p: Params) -> Rule:
    """PO102: without-resource code but a resource was assigned."""
    return Rule(
        id="PO102",
        title={
            "en": "Without-resource code but a resource was assigned",
            "nb": "Kode for oppdrag uten ressurs, men ressurs er satt på oppdraget",
        },
        severity=Severity.ERROR,
        columns=("closure_code", "resource_assigned"),
        optional=("resource_redeployed",),
        check=_po102,
        message=_po102_message,
        description={
            "en": "The without-resource codes may only be used when no resource was "
            "deployed. Exceptions: 'Ikke kapasitet' when the assigned resource was "
            "redeployed; 'Overtatt', where a patrol that hands the task over is routine "
            "(PO107); and a redeployed resource on 'Ingen operative tiltak', 'Falsk "
            "melding' or 'Ordnet internt', which PO106 reports. Instead of 'Falsk "
            "melding' with a resource, use e.g. 'Muntlig pålegg', 'Videre "
            "oppfølgingstiltak', 'Uten resultat' or 'Bortfalt'.",
            "nb": "Kodene for oppdrag uten ressurs kan bare brukes når ingen ressurs er "
            "satt på oppdraget. Unntak: «Ikke kapasitet» når ressursen ble omdisponert; "
            "«Overtatt», der en patrulje som overlater oppdraget til andre er vanlig "
            "(PO107); og en omdisponert ressurs på «Ingen operative tiltak», «Falsk "
            "melding» eller «Ordnet internt», som PO106 melder. I stedet for «Falsk "
            "melding» med ressurs brukes for eksempel «Muntlig pålegg», «Videre "
            "oppfølgingstiltak», «Uten resultat» eller «Bortfalt».",
        },
        codes=_without_overtatt(),
        basis="Five codes are only for tasks without a resource.",
        fails={"closure_code": "Falsk melding", "resource_assigned": "Ja"},
        passes={"closure_code": "Falsk melding", "resource_assigned": "Nei"},
    )


# -- PO103 -------------------------------------------------------------------------------


def _po103(ctx: RuleContext) -> pl.Expr:
    unknown = (
        pl.col("resource_redeployed").is_null()
        if ctx.has("resource_redeployed")
        else pl.lit(value=True)
    )
    return _is(_C.IKKE_KAPASITET) & pl.col("resource_assigned") & unknown


def po103(_p: Params) -> Rule:
    """PO103: 'Ikke kapasitet' with a resource assigned, redeployment unknown."""
    return Rule(
        id="PO103",
        title={
            "en": "'Ikke kapasitet' with a resource assigned, redeployment unknown",
            "nb": "«Ikke kapasitet» med ressurs satt på oppdraget, ukjent om den ble omdisponert",
        },
        severity=Severity.WARNING,
        columns=("closure_code", "resource_assigned"),
        optional=("resource_redeployed",),
        check=_po103,
        message={
            "en": "'Ikke kapasitet' with resource_assigned true is only right when the "
            "resource was redeployed, and resource_redeployed is unknown: record it",
            "nb": "«Ikke kapasitet» med ressurs satt på oppdraget er bare riktig når "
            "ressursen ble omdisponert, og det er ukjent om den ble det: registrer "
            "omdisponeringen",
        },
        description={
            "en": "With a resource assigned, 'Ikke kapasitet' is only right when that "
            "resource was redeployed. Without a resource_redeployed value this cannot "
            "be checked.",
            "nb": "Med ressurs satt på oppdraget er «Ikke kapasitet» bare riktig når "
            "ressursen ble omdisponert. Uten verdi for omdisponering kan dette ikke "
            "sjekkes.",
        },
        codes=(_C.IKKE_KAPASITET,),
        basis="'Ikke kapasitet' also covers a resource taken away with no other free.",
        fails={"closure_code": "Ikke kapasitet", "resource_assigned": "Ja"},
        passes={
            "closure_code": "Ikke kapasitet",
            "resource_assigned": "Ja",
            "resource_redeployed": "Ja",
        },
    )


# -- PO104 -------------------------------------------------------------------------------


def _po104(_ctx: RuleContext) -> pl.Expr:
    return _without_resource() & ~_is(_C.OVERTATT) & ~_missing("arrived_at")


def _po104_message(ctx: RuleContext) -> pl.Expr:
    return (
        pl.when(_is(_C.IKKE_KAPASITET))
        .then(
            pl.lit(
                ctx.text(
                    "'Ikke kapasitet' with an arrival time: a resource reached the scene; "
                    "when it arrived and was then taken away, 'Ikke utført' is the code",
                    "«Ikke kapasitet» med ankomsttid: en ressurs kom fram; ble den tatt "
                    "bort etter at den var framme, er «Ikke utført» riktig kode",
                )
            )
        )
        .otherwise(
            pl.format(
                ctx.text(
                    "'{}' is a code for tasks without a resource, but arrived_at says a "
                    "resource reached the scene: use a with-resource code, or correct "
                    "arrived_at",
                    "«{}» er en kode for oppdrag uten ressurs, men ankomsttiden sier at en "
                    "ressurs kom fram: bruk en kode for oppdrag med ressurs, eller rett "
                    "opp ankomsttiden",
                ),
                _label(),
            )
        )
    )


def po104(_p: Params) -> Rule:
    """PO104: without-resource code with an arrival time."""
    return Rule(
        id="PO104",
        title={
            "en": "Without-resource code with an arrival time",
            "nb": "Kode for oppdrag uten ressurs, men med ankomsttid",
        },
        severity=Severity.WARNING,
        columns=("closure_code", "arrived_at"),
        check=_po104,
        message=_po104_message,
        description={
            "en": "An arrival time means a resource reached the scene, which the "
            "without-resource codes rule out ('Overtatt' aside: a patrol that hands over "
            "is routine, PO107). For 'Ikke kapasitet', a resource that "
            "arrived and was then taken away makes the task 'Ikke utført'.",
            "nb": "En ankomsttid betyr at en ressurs kom fram, og det passer ikke med "
            "kodene for oppdrag uten ressurs («Overtatt» unntatt: en patrulje som "
            "overlater oppdraget er vanlig, PO107). For «Ikke kapasitet»: kom ressursen "
            "fram og ble tatt bort, er oppdraget «Ikke utført».",
        },
        codes=_without_overtatt(),
        basis="'Ikke utført' is the code when the resource had to be reprioritised.",
        fails={"closure_code": "Ikke kapasitet", "arrived_at": T1},
        passes={"closure_code": "Ikke kapasitet", "arrived_at": None},
    )


# -- PO105 -------------------------------------------------------------------------------


def po105(_p: Params) -> Rule:
    """PO105: resource redeployed, but none was assigned."""
    return Rule(
        id="PO105",
        title={
            "en": "Resource redeployed, but none was assigned",
            "nb": "Ressurs omdisponert, men ingen ressurs var satt på oppdraget",
        },
        severity=Severity.ERROR,
        columns=("resource_assigned", "resource_redeployed"),
        check=lambda _ctx: pl.col("resource_redeployed") & ~pl.col("resource_assigned"),
        message={
            "en": "resource_redeployed is true but resource_assigned is false: only an "
            "assigned resource can be redeployed; correct one of them",
            "nb": "oppdraget er merket omdisponert, men ingen ressurs var satt på "
            "oppdraget: bare en ressurs satt på oppdraget kan omdisponeres; rett opp ett "
            "av feltene",
        },
        description={
            "en": "Redeployment takes an assigned resource away to another task, so it needs one.",
            "nb": "Omdisponering tar en ressurs satt på oppdraget bort til et annet "
            "oppdrag, så det må finnes en.",
        },
        basis="'Ikke kapasitet' also covers an assigned resource that was redeployed.",
        fails={
            "closure_code": "Ikke kapasitet",
            "resource_assigned": "Nei",
            "resource_redeployed": "Ja",
        },
        passes={
            "closure_code": "Ikke kapasitet",
            "resource_assigned": "Ja",
            "resource_redeployed": "Ja",
        },
    )


# -- PO106 -------------------------------------------------------------------------------


def _po106_message(ctx: RuleContext) -> pl.Expr:
    capacity = pl.format(
        ctx.text(
            "'{}' with resource_redeployed true: a resource was set on the task and taken "
            "away with no other free, which is what 'Ikke kapasitet' is for",
            "«{}» med ressurs omdisponert: en ressurs ble satt på oppdraget og tatt bort uten "
            "at en annen var ledig, og det er nettopp det «Ikke kapasitet» brukes til",
        ),
        _label(),
    )
    if not ctx.has("arrived_at"):
        return capacity
    arrived = pl.format(
        ctx.text(
            "'{}' with resource_redeployed true and an arrival time: the resource reached "
            "the scene and was taken away, so the task was 'Ikke utført'",
            "«{}» med ressurs omdisponert og ankomsttid: ressursen kom fram og ble tatt bort, "
            "så oppdraget er «Ikke utført»",
        ),
        _label(),
    )
    return pl.when(~_missing("arrived_at")).then(arrived).otherwise(capacity)


def po106(_p: Params) -> Rule:
    """PO106: a resource was taken away, but the code is not 'Ikke kapasitet'."""
    return Rule(
        id="PO106",
        title={
            "en": "A resource was taken away, but the code is not 'Ikke kapasitet'",
            "nb": "En ressurs ble tatt bort, men koden er ikke «Ikke kapasitet»",
        },
        severity=Severity.WARNING,
        columns=("closure_code", "resource_redeployed"),
        optional=("arrived_at",),
        check=lambda _ctx: _is(*_TAKEN_AWAY) & pl.col("resource_redeployed"),
        message=_po106_message,
        description={
            "en": "A resource set on the task and taken away (redeployed) with no other "
            "free is the source's own case for 'Ikke kapasitet', or 'Ikke utført' when "
            "the resource had arrived. 'Ingen operative tiltak', 'Falsk melding' and "
            "'Ordnet internt' hide it. Such rows get this warning, not PO102.",
            "nb": "En ressurs som ble satt på oppdraget og tatt bort (omdisponert) uten "
            "at en annen var ledig, er nettopp tilfellet for «Ikke kapasitet», eller "
            "«Ikke utført» når ressursen var kommet fram. «Ingen operative tiltak», "
            "«Falsk melding» og «Ordnet internt» skjuler det. Slike rader får denne "
            "advarselen, ikke PO102.",
        },
        codes=_TAKEN_AWAY,
        basis="'Ikke kapasitet' also covers an assigned resource that was redeployed "
        "with no other available.",
        fails={
            "closure_code": "Ingen operative tiltak",
            "resource_assigned": "Ja",
            "resource_redeployed": "Ja",
        },
        passes={
            "closure_code": "Ikke kapasitet",
            "resource_assigned": "Ja",
            "resource_redeployed": "Ja",
        },
    )


# -- PO107 -------------------------------------------------------------------------------


def _po107(ctx: RuleContext) -> pl.Expr:
    signs = []
    if ctx.has("resource_assigned"):
        signs.append(pl.col("resource_assigned"))
    if ctx.has("arrived_at"):
        signs.append(~_missing("arrived_at"))
    return _is(_C.OVERTATT) & pl.any_horizontal(signs) if signs else pl.lit(value=False)


def po107(_p: Params) -> Rule:
    """PO107: 'Overtatt' with a resource or an arrival time."""
    return Rule(
        id="PO107",
        title={
            "en": "'Overtatt' with a resource or an arrival time",
            "nb": "«Overtatt» med ressurs satt på oppdraget eller ankomsttid",
        },
        severity=Severity.INFO,
        columns=(),
        optional=("resource_assigned", "arrived_at"),
        check=_po107,
        message={
            "en": "'Overtatt' with a resource on the task or an arrival time: routine "
            "when a patrol hands the task over (e.g. to health services or child "
            "welfare); noted for completeness",
            "nb": "«Overtatt» med ressurs satt på oppdraget eller ankomsttid: vanlig når "
            "en patrulje overlater oppdraget til andre (for eksempel helsevesenet eller "
            "barnevernsvakta); tatt med for fullstendighetens skyld",
        },
        description={
            "en": "'Overtatt' is a without-resource code, but a patrol that arrives and "
            "hands over to health services or child welfare is routine, so this is "
            "only noted (PO102 and PO104 do not fire on 'Overtatt').",
            "nb": "«Overtatt» er en kode for oppdrag uten ressurs, men at en patrulje "
            "kommer fram og overlater oppdraget til helsevesenet eller barnevernet, er "
            "vanlig; derfor bare en merknad (PO102 og PO104 gjelder ikke «Overtatt»).",
        },
        codes=(_C.OVERTATT,),
        basis="'Overtatt': handled by others, external or internal.",
        fails={"closure_code": "Overtatt", "resource_assigned": "Ja", "handled_by": "Helse"},
        passes={"closure_code": "Overtatt", "resource_assigned": "Nei", "handled_by": "Helse"},
    )


RULES: Final = (po101, po102, po103, po104, po105, po106, po107)
"""The makers of this family's rules, in id order."""
