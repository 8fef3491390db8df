"""La réponse à une situation : d'abord ce qu'on peut faire maintenant, ensuite le local.

Règles (issue « répondre d'abord ») :

- la première réponse donne tout de suite ce qu'on peut faire et les lignes qui répondent à la
  situation (plusieurs situations : l'union de leurs lignes essentielles), avec « ouvert
  maintenant » ; la commune est ensuite proposée, facultative ;
- au plus trois fiches ; la ligne joignable maintenant passe en premier quand la structure locale
  est fermée ou sans contact vérifié ; une structure locale sans contact tient en une ligne qui dit
  comment l'atteindre ; le reste va dans « Autres possibilités ».

Aucune dépendance à Rasa : l'action ne fait qu'envoyer les messages rendus ici.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from knowledge.annuaire import Annuaire, Proposition, StructureVue
from knowledge.formulations import dire, formulations, premiers_pas
from knowledge.lieu import Lieu
from knowledge.presentation import Message, fiche, ligne_contacts

FICHES_MAX = 3
#: Fiches de l'annuaire qui forment la ligne « En danger maintenant ».
LIGNES_DANGER = ("urgence-17", "urgence-112", "urgence-114")


@dataclass
class Reponse:
    """Messages à envoyer, et ce que la conversation retient."""

    messages: list[Message] = field(default_factory=list)
    demander_lieu: bool = False


def ligne_danger(annuaire: Annuaire) -> str:
    """« En danger maintenant : [17](tel:17), [112](tel:112), SMS [114](sms:114). » tiré de l'annuaire."""
    liens = []
    for structure in annuaire.structures(list(LIGNES_DANGER)):
        for contact in structure.contacts_de_type("telephone", "sms")[:1]:
            prefixe = "SMS " if contact.type == "sms" else ""
            liens.append(f"{prefixe}[{contact.valeur}]({contact.lien})")
    return dire("danger_maintenant", liens=", ".join(liens)) if liens else ""


def _joignable_maintenant(proposition: Proposition) -> bool:
    return bool(proposition.ouvert) and proposition.structure.joignabilite == 0


def _une_ligne(structure: StructureVue) -> str:
    """Une structure locale sans contact direct : son nom (et son sigle), comment l'atteindre, en une ligne."""
    nom = structure.nom
    if structure.sigle and any(c.isalpha() for c in structure.sigle) and structure.sigle.lower() not in nom.lower():
        nom = f"{nom} ({structure.sigle})"
    return f"• {nom} : {structure.acces_explication}"


def composer(
    annuaire: Annuaire,
    situations: list[str],
    lieu: Lieu | None,
    profil: str | None,
    moment: datetime,
    deja_conseille: bool = False,
) -> Reponse:
    """Première réponse à une ou plusieurs situations (la première est la principale).

    `deja_conseille` : la personne vient de donner sa commune après une première réponse ; on ne
    répète pas les conseils, et les structures locales joignables passent devant.
    """
    reponse = Reponse()
    resolution = lieu.resolution(annuaire) if lieu is not None and lieu.est_precis else None
    orientations = [annuaire.orient(s, resolution, profil, moment, 6) for s in situations]
    principale = orientations[0]
    libelles = [o.situation.libelle for o in orientations]

    # 1. Ce qu'on peut faire maintenant.
    avec_lieu = lieu is not None and lieu.est_precis and not lieu.est_hors_41
    if profil == "professionnel":
        intro = dire("intro_professionnel", situation=" ; ".join(libelles),
                     lieu=f" {lieu.precision(annuaire)}" if avec_lieu else "")
    elif len(orientations) > 1:
        intro = dire("intro_plusieurs", situations=" ; ".join(libelles))
    elif profil == "proche":
        intro = dire("intro_proche", situation=principale.situation.libelle)
    elif avec_lieu:
        intro = dire("intro_avec_lieu", situation=principale.situation.libelle, lieu=lieu.precision(annuaire))
    else:
        intro = dire("intro_sans_lieu", situation=principale.situation.libelle)
    conseils = [intro]
    if deja_conseille:
        pass
    elif profil in ("professionnel", "proche"):
        conseils.append(dire(f"conseil_{profil}"))
    else:
        for orientation in orientations[:2]:
            texte = premiers_pas(orientation.situation.id)
            if texte:
                conseils.append(texte)
    if not deja_conseille and any(o.situation.id not in formulations()["rappel_danger_sauf"] for o in orientations):
        conseils.append(ligne_danger(annuaire))
    reponse.messages.append(Message("\n".join(c for c in conseils if c)))

    # 2. Les fiches : lignes essentielles (la première de chaque situation), locales joignables.
    essentielles: list[Proposition] = []
    secondaires: list[Proposition] = []
    for orientation in orientations:
        for rang, proposition in enumerate(orientation.nationales):
            (essentielles if rang == 0 else secondaires).append(proposition)
    locales = [p for o in orientations for p in o.locales]
    avec_contact = [p for p in locales if p.structure.joignabilite == 0]
    sans_contact = [p for p in locales if p.structure.joignabilite > 0]

    ordre: list[Proposition] = []
    if avec_contact and (deja_conseille or _joignable_maintenant(avec_contact[0])):
        ordre += avec_contact[:1] + essentielles + avec_contact[1:]
    else:
        ordre += essentielles + avec_contact
    ordre += secondaires
    if principale.repli and not any(_joignable_maintenant(p) for p in ordre[:FICHES_MAX]):
        ordre.insert(0, principale.repli)  # tout est fermé : le recours joignable maintenant d'abord
    vues: set[str] = set()
    uniques = []
    for proposition in ordre:
        if proposition.structure.id not in vues:
            vues.add(proposition.structure.id)
            uniques.append(proposition)
    montrees, reste = uniques[:FICHES_MAX], uniques[FICHES_MAX:]
    reponse.messages += [Message(fiche(p.structure, moment)) for p in montrees]

    # 3. Le local sans contact direct : une ligne chacun, pas une fiche.
    lignes_locales = [_une_ligne(p.structure) for p in sans_contact if p.structure.id not in vues][:2]
    if lignes_locales:
        reponse.messages.append(Message("\n".join([dire("aussi_pres_de_chez_vous"), *lignes_locales])))

    # 4. La commune, proposée seulement, et la suite.
    boutons: list[tuple[str, str]] = []
    if lieu is None:
        reponse.demander_lieu = True
        pas_de_lieu = dire("bouton_pas_de_lieu")
        reponse.messages.append(Message(dire("proposer_lieu"), [(pas_de_lieu, pas_de_lieu)]))
    else:
        if reste or sans_contact:
            boutons.append((dire("bouton_autres"), dire("bouton_autres")))
        boutons.append((dire("bouton_autre_question"), "J'ai une autre question"))
        reponse.messages[-1].boutons += boutons
    return reponse


def reponse_question(annuaire: Annuaire, texte: str, structures: tuple[str, ...], moment: datetime) -> list[Message]:
    """Réponse à une question fréquente : le texte, puis les contacts des fiches citées."""
    messages = [Message(texte)]
    for structure in annuaire.structures(list(structures))[:FICHES_MAX]:
        contacts = ligne_contacts(structure, detaillee=False)
        messages.append(Message(fiche(structure, moment) if contacts else _une_ligne(structure)))
    return messages
