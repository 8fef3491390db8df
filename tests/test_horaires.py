"""Horaires structurés : analyse, ouvert/fermé, rendu en français."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge.horaires import FUSEAU, Horaires, HorairesInvalides

SEMAINE = Horaires.depuis_dict({
    "plages": [
        {"jours": "lundi-vendredi", "heures": ["09:00-12:00", "14:00-17:30"]},
        {"jours": ["samedi"], "heures": ["09:00-12:00"]},
    ]
})


@pytest.mark.parametrize(
    ("moment", "ouvert"),
    [
        (datetime(2026, 12, 1, 9, 0), True),     # mardi 9h : ouverture
        (datetime(2026, 12, 1, 11, 59), True),
        (datetime(2026, 12, 1, 12, 0), False),   # fermeture exclusive
        (datetime(2026, 12, 1, 17, 29), True),
        (datetime(2026, 12, 5, 10, 0), True),    # samedi matin
        (datetime(2026, 12, 5, 15, 0), False),
        (datetime(2026, 12, 6, 10, 0), False),   # dimanche
    ],
)
def test_ouvert_ou_ferme(moment, ouvert):
    assert SEMAINE.est_ouvert(moment.replace(tzinfo=FUSEAU)) is ouvert


def test_fuseau_pris_en_compte():
    # 8h30 UTC en décembre = 9h30 à Paris : ouvert.
    assert SEMAINE.est_ouvert(datetime(2026, 12, 1, 8, 30, tzinfo=timezone.utc))


def test_rendu_en_clair():
    assert SEMAINE.en_clair() == "du lundi au vendredi, 9h-12h et 14h-17h30 ; samedi, 9h-12h"
    assert Horaires.depuis_dict({"permanent": True}).en_clair() == "24h/24, 7j/7"
    nuit = Horaires.depuis_dict({"plages": [{"jours": "lundi-dimanche", "heures": ["00:00-02:00", "08:00-24:00"]}]})
    assert nuit.est_ouvert(datetime(2026, 12, 1, 1, 0, tzinfo=FUSEAU))
    assert not nuit.est_ouvert(datetime(2026, 12, 1, 5, 0, tzinfo=FUSEAU))
    assert nuit.est_ouvert(datetime(2026, 12, 1, 23, 59, tzinfo=FUSEAU))


@pytest.mark.parametrize(
    "donnees",
    [
        {"plages": [{"jours": "lundi", "heures": ["9h-12h"]}]},
        {"plages": [{"jours": "lundy", "heures": ["09:00-12:00"]}]},
        {"plages": [{"jours": "vendredi-lundi", "heures": ["09:00-12:00"]}]},
        {"plages": [{"jours": "lundi", "heures": ["12:00-09:00"]}]},
        {"plages": [{"jours": "lundi", "heures": ["24:00-24:00"]}]},
        {"permanent": True, "plages": [{"jours": "lundi", "heures": ["09:00-12:00"]}]},
        {"permanent": False},
    ],
)
def test_horaires_invalides(donnees):
    with pytest.raises(HorairesInvalides):
        Horaires.depuis_dict(donnees)


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)))
def test_est_ouvert_ne_plante_jamais(moment):
    assert SEMAINE.est_ouvert(moment) in (True, False)
    assert Horaires.depuis_dict({"permanent": True}).est_ouvert(moment)
