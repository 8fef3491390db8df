"""Horaires d'ouverture structurés : analyse, « ouvert maintenant ? », rendu en français.

Format (YAML) :

    horaires:
      permanent: true            # 24h/24, 7j/7
      plages:                    # ou des plages hebdomadaires
        - jours: lundi-vendredi  # un jour, une liste, ou un intervalle
          heures: ["09:00-12:00", "14:00-17:00"]
      note: Sur rendez-vous
      source: https://...
      confirme_le: 2026-03    # date de la page (ou de l'appel) qui les confirme
      confirme_par: page
      consultee_le: 2026-11-27

Les jours fériés ne sont pas modélisés : la note le dit quand une source le précise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, time
from zoneinfo import ZoneInfo

FUSEAU = ZoneInfo("Europe/Paris")
JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_HEURES = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")


class HorairesInvalides(ValueError):
    """Horaires qui ne respectent pas le format attendu."""


def analyser_jours(spec: str | list[str]) -> tuple[int, ...]:
    """« lundi-vendredi », « samedi » ou une liste → indices de jours (0 = lundi)."""
    elements = spec if isinstance(spec, list) else [spec]
    indices: list[int] = []
    for element in elements:
        element = str(element).strip().lower()
        if "-" in element:
            debut, fin = (partie.strip() for partie in element.split("-", 1))
            if debut not in JOURS or fin not in JOURS:
                raise HorairesInvalides(f"jours inconnus : {element!r}")
            i, j = JOURS.index(debut), JOURS.index(fin)
            if j < i:
                raise HorairesInvalides(f"intervalle de jours à l'envers : {element!r}")
            indices.extend(range(i, j + 1))
        elif element in JOURS:
            indices.append(JOURS.index(element))
        else:
            raise HorairesInvalides(f"jour inconnu : {element!r}")
    return tuple(sorted(set(indices)))


def analyser_heures(spec: str) -> tuple[time, time | None]:
    """« 09:00-12:00 » → (9:00, 12:00) ; « 24:00 » en fin devient None (minuit)."""
    correspondance = _HEURES.match(spec.strip())
    if not correspondance:
        raise HorairesInvalides(f"heures illisibles : {spec!r} (attendu HH:MM-HH:MM)")
    h1, m1, h2, m2 = (int(x) for x in correspondance.groups())
    if h1 == 24 or (h2 == 24 and m2 != 0):
        raise HorairesInvalides(f"heures hors limites : {spec!r}")
    debut = time(h1, m1)
    fin = None if h2 == 24 else time(h2, m2)
    if fin is not None and fin <= debut:
        raise HorairesInvalides(f"plage vide ou à cheval sur minuit : {spec!r}")
    return debut, fin


@dataclass(frozen=True)
class Plage:
    """Une ou plusieurs plages horaires valables certains jours de la semaine."""

    jours: tuple[int, ...]
    heures: tuple[tuple[time, time | None], ...]


@dataclass(frozen=True)
class Horaires:
    """Horaires hebdomadaires d'une structure ou d'une ligne."""

    permanent: bool = False
    plages: tuple[Plage, ...] = field(default_factory=tuple)
    note: str | None = None

    @classmethod
    def depuis_dict(cls, donnees: dict | None) -> Horaires | None:
        """Construit des horaires depuis le dictionnaire YAML (None si absent)."""
        if not donnees:
            return None
        plages = tuple(
            Plage(
                jours=analyser_jours(plage["jours"]),
                heures=tuple(analyser_heures(h) for h in plage["heures"]),
            )
            for plage in donnees.get("plages") or []
        )
        permanent = bool(donnees.get("permanent", False))
        if permanent and plages:
            raise HorairesInvalides("« permanent » et « plages » sont exclusifs")
        if not permanent and not plages:
            raise HorairesInvalides("ni « permanent » ni « plages »")
        return cls(permanent=permanent, plages=plages, note=donnees.get("note"))

    def est_ouvert(self, moment: datetime) -> bool:
        """Vrai si la structure est ouverte à ce moment (heure de Paris)."""
        if self.permanent:
            return True
        local = moment.astimezone(FUSEAU) if moment.tzinfo else moment.replace(tzinfo=FUSEAU)
        jour, heure = local.weekday(), local.time()
        for plage in self.plages:
            if jour not in plage.jours:
                continue
            for debut, fin in plage.heures:
                if debut <= heure and (fin is None or heure < fin):
                    return True
        return False

    def en_clair(self) -> str:
        """Rendu court en français : « du lundi au vendredi, 9h-12h et 14h-17h »."""
        if self.permanent:
            return "24h/24, 7j/7"
        morceaux = [f"{_jours_en_clair(p.jours)}, {_heures_en_clair(p.heures)}" for p in self.plages]
        return " ; ".join(morceaux)


def _heure(t: time | None) -> str:
    if t is None:
        return "minuit"
    return f"{t.hour}h" if t.minute == 0 else f"{t.hour}h{t.minute:02d}"


def _heures_en_clair(heures: tuple[tuple[time, time | None], ...]) -> str:
    return " et ".join(f"{_heure(d)}-{_heure(f)}" for d, f in heures)


def _jours_en_clair(jours: tuple[int, ...]) -> str:
    if len(jours) == 7:
        return "tous les jours"
    if len(jours) > 2 and jours == tuple(range(jours[0], jours[-1] + 1)):
        return f"du {JOURS[jours[0]]} au {JOURS[jours[-1]]}"
    noms = [JOURS[j] for j in jours]
    return noms[0] if len(noms) == 1 else ", ".join(noms[:-1]) + " et " + noms[-1]
