"""Page des pilotes : graphiques et tableaux des indicateurs, derrière un jeton.

Servie par la page de démonstration (`python -m bot.page_demo`) sous `/indicateurs`, jamais en
public : sans INDICATEURS_JETON (16 caractères au moins) elle répond toujours 403. Le jeton vient
de l'en-tête `Authorization: Bearer …` ou du formulaire de la page 403 (POST, jamais dans
l'adresse). Graphiques dessinés côté serveur par matplotlib (images PNG), chacun à côté du
tableau de ses valeurs (l'équivalent accessible) ; aucun script dans la page.
"""

from __future__ import annotations

import base64
import hmac
import html
import io
import os
import re
import urllib.parse
from collections.abc import Callable
from datetime import datetime
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING

from matplotlib.figure import Figure
from sqlalchemy.engine import Engine

from bot.indicateurs import publication as pub
from bot.indicateurs import stockage
from bot.indicateurs.enregistrement import contact_verifie
from bot.indicateurs.publication import LIBELLE_REGROUPES, Publication, libelle
from knowledge.lieu import NOMS_ARRONDISSEMENTS

if TYPE_CHECKING:
    from knowledge.annuaire import Annuaire

VARIABLE_JETON = "INDICATEURS_JETON"
JETON_MIN = 16
CHEMIN = "/indicateurs"
MOIS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre")
MOIS_COURTS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")
BLEU = "#1f4e79"
GRIS = "#767676"
ENTETES_SECURITE = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
}


# --- Jeton ---------------------------------------------------------------------------------------


def jeton_attendu() -> str | None:
    """Le jeton configuré, ou None (page fermée) s'il manque ou fait moins de 16 caractères."""
    jeton = os.environ.get(VARIABLE_JETON, "").strip()
    return jeton if len(jeton) >= JETON_MIN else None


def jeton_valide(propose: str | None) -> bool:
    attendu = jeton_attendu()
    if attendu is None or not propose:
        return False
    return hmac.compare_digest(propose.encode("utf-8"), attendu.encode("utf-8"))


# --- Graphiques ----------------------------------------------------------------------------------


def _image(figure: Figure) -> str:
    tampon = io.BytesIO()
    figure.savefig(tampon, format="png", dpi=100, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(tampon.getvalue()).decode("ascii")


def graphique_barres(lignes: list[tuple[str, int]]) -> str:
    """Barres horizontales, le groupe « Autres » hachuré en gris."""
    inverses = lignes[::-1]  # la première ligne en haut
    etiquettes = [_couper(nom) for nom, _ in inverses]
    hauteur = 0.9 + 0.3 * sum(max(1.3, e.count("\n") + 1) for e in etiquettes)
    figure = Figure(figsize=(7.2, hauteur))
    axes = figure.add_subplot()
    barres = axes.barh(etiquettes, [v for _, v in inverses],
                       color=[GRIS if nom == LIBELLE_REGROUPES else BLEU for nom, _ in inverses])
    for barre, (nom, _) in zip(barres, inverses, strict=True):
        if nom == LIBELLE_REGROUPES:
            barre.set_hatch("//")
            barre.set_edgecolor("white")
    axes.bar_label(barres, padding=3, fontsize=10)
    axes.set_xlabel("événements")
    axes.spines[["top", "right"]].set_visible(False)
    axes.margins(x=0.12)
    axes.tick_params(labelsize=10)
    return _image(figure)


def graphique_mois(mois: list[tuple[str, int | None]]) -> str:
    """Événements par mois ; un mois de moins de 5 événements n'a pas de barre (« < 5 »)."""
    figure = Figure(figsize=(7.2, 3.4))
    axes = figure.add_subplot()
    noms = [n for n, _ in mois]
    barres = axes.bar(noms, [v or 0 for _, v in mois], color=BLEU)
    axes.bar_label(barres, labels=[str(v) if v is not None else "< 5" for _, v in mois], padding=2, fontsize=9)
    axes.set_ylabel("événements")
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(axis="x", labelrotation=45, labelsize=9)
    return _image(figure)


def graphique_taux(mois: list[str], series: dict[str, list[float | None]]) -> str:
    """Taux d'échec par mois (en %), une ligne par cause : couleur, marque et trait différents."""
    figure = Figure(figsize=(7.2, 4.2))
    axes = figure.add_subplot()
    styles = [("#1f4e79", "o", "-"), ("#b35806", "s", "--"), ("#542788", "^", "-."), ("#1b7837", "D", ":")]
    for (nom, valeurs), (couleur, marque, trait) in zip(series.items(), styles, strict=False):
        axes.plot(mois, [None if v is None else 100 * v for v in valeurs], label=nom, color=couleur, marker=marque,
                  linestyle=trait)
    axes.set_ylabel("% des événements")
    axes.set_ylim(bottom=0)
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(axis="x", labelrotation=45, labelsize=9)
    axes.legend(fontsize=9, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.32), ncol=2)
    return _image(figure)


def _couper(texte: str, largeur: int = 38) -> str:
    if len(texte) <= largeur:
        return texte
    coupe = texte.rfind(" ", 0, largeur)
    if coupe <= 0:
        return texte[:largeur] + "\n" + _couper(texte[largeur:], largeur)
    return texte[:coupe] + "\n" + _couper(texte[coupe + 1:], largeur)


# --- Page ---------------------------------------------------------------------------------------


def nom_mois(mois: str, court: bool = False) -> str:
    jour = pub.premier_jour(mois)
    return f"{(MOIS_COURTS if court else MOIS_FR)[jour.month - 1]} {jour.year}"


def _e(texte: object) -> str:
    return html.escape(str(texte), quote=True)


def _nombre(valeur: int) -> str:
    return f"{valeur:,}".replace(",", "\u202f")


def _pourcent(valeur: float | None) -> str:
    return "non publié" if valeur is None else f"{100 * valeur:.1f} %".replace(".", ",")


class _Page:
    def __init__(self) -> None:
        self.morceaux: list[str] = []
        self.numero = 0

    def ajouter(self, texte: str) -> None:
        self.morceaux.append(texte)

    def bloc(self, titre: str, image: str | None, description: str, tableau: str, note: str = "") -> None:
        self.numero += 1
        ident = f"s{self.numero}"
        self.ajouter(f'<section aria-labelledby="{ident}"><h2 id="{ident}">{_e(titre)}</h2>')
        if note:
            self.ajouter(f"<p>{note}</p>")
        self.ajouter('<div class="bloc">')
        if image:
            self.ajouter(f'<figure><img src="{image}" alt="{_e(description)}"><figcaption>{_e(titre)} : '
                         "graphique ; les valeurs sont dans le tableau.</figcaption></figure>")
        self.ajouter(tableau + "</div></section>")


def _tableau(legende: str, entetes: list[str], lignes: list[list[str]]) -> str:
    tete = "".join(f'<th scope="col">{_e(e)}</th>' for e in entetes)
    corps = "".join(
        "<tr>" + f'<th scope="row">{_e(ligne[0])}</th>' + "".join(f"<td>{_e(c)}</td>" for c in ligne[1:]) + "</tr>"
        for ligne in lignes
    )
    if not lignes:
        corps = f'<tr><td colspan="{len(entetes)}">Rien à publier sur la période.</td></tr>'
    return f"<table><caption>{_e(legende)}</caption><thead><tr>{tete}</tr></thead><tbody>{corps}</tbody></table>"


def _lacunes(index: Annuaire, moment: datetime) -> list[list[str]]:
    """Pour chaque situation et arrondissement : structures locales proposables, dont avec un
    téléphone vérifié depuis moins de 12 mois (tiré de l'annuaire, pas des événements)."""
    from knowledge.territoire import Resolution

    lignes = []
    # Le danger immédiat et les idées suicidaires ont leur chemin à part (lignes d'urgence) : hors tableau.
    for situation in sorted((s for s in index.situations().values() if not s.danger), key=lambda s: s.libelle):
        cellules = [situation.libelle]
        for code in sorted(NOMS_ARRONDISSEMENTS):
            orientation = index.orient(situation.id, Resolution("code_postal", arrondissement=code), "victime",
                                       moment, 6)
            locales = [p.structure for p in orientation.locales]
            verifiees = [s for s in locales if contact_verifie(s, moment.date())]
            cellules.append("aucune" if not locales else f"{len(locales)} (dont {len(verifiees)} vérifiées)")
        lignes.append(cellules)
    return lignes


STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1a1a1a;background:#fff;
line-height:1.45}
header,main{max-width:1200px;margin:0 auto;padding:0 1rem}
header{border-bottom:3px solid #1f4e79;padding-bottom:.5rem}
h1{font-size:1.6rem;margin:.8rem 0 .2rem}h2{font-size:1.25rem;margin:1.6rem 0 .4rem;color:#1f4e79}
.bloc{display:flex;flex-wrap:wrap;gap:1.2rem;align-items:flex-start}
figure{margin:0;flex:1 1 520px;max-width:720px}figure img{max-width:100%;height:auto}
figcaption{font-size:.85rem;color:#444}
table{border-collapse:collapse;flex:1 1 320px;font-size:.95rem}caption{text-align:left;font-weight:600;
padding:.2rem 0}
th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left}td{text-align:right;white-space:nowrap}
thead th{background:#eef3f8}.note{background:#f6f6f6;border-left:4px solid #1f4e79;padding:.6rem 1rem}
form{margin:.6rem 0}label{font-weight:600;margin-right:.4rem}
select,input,button{font-size:1rem;padding:.3rem .5rem}button{cursor:pointer}
:focus-visible{outline:3px solid #b35806;outline-offset:2px}
"""


def rendre(moteur: Engine, index: Annuaire | None, mois: list[str], jeton_formulaire: str | None = None,
           annees: list[int] | None = None, annee: int | None = None) -> str:
    """La page complète pour ces mois (tous publiables)."""
    publication = pub.publier(moteur, mois)
    page = _Page()
    debut, fin = (nom_mois(mois[0]), nom_mois(mois[-1])) if mois else ("", "")
    page.ajouter('<!doctype html><html lang="fr"><head><meta charset="utf-8">'
                 '<meta name="viewport" content="width=device-width, initial-scale=1">'
                 '<meta name="robots" content="noindex, nofollow">'
                 f"<title>Indicateurs d'activité — Aide aux victimes 41</title><style>{STYLE}</style></head><body>")
    page.ajouter("<header><h1>Indicateurs d'activité de l'assistant</h1>"
                 f"<p>Aide aux victimes 41 — de {_e(debut)} à {_e(fin)} (mois terminés) : "
                 f"<strong>{_nombre(publication.total)}</strong> événements publiés.</p>")
    if annees:
        options = "".join(f'<option value="{a}"{" selected" if a == annee else ""}>{a}</option>' for a in annees)
        cache = f'<input type="hidden" name="jeton" value="{_e(jeton_formulaire)}">' if jeton_formulaire else ""
        page.ajouter(f'<form method="post" action="{CHEMIN}">{cache}<label for="annee">Année</label>'
                     f'<select id="annee" name="annee"><option value="">12 derniers mois</option>{options}</select> '
                     "<button type=\"submit\">Afficher</button></form>")
    page.ajouter("</header><main>")
    page.ajouter(
        '<div class="note"><p><strong>Ce qui est compté.</strong> Un événement par orientation, réponse à une '
        "question, message non compris ou demande hors du champ de l'assistant : jour, tranche de 4 heures, "
        "arrondissement (jamais la commune), situation, qui écrit, chemin du danger emprunté juste avant, "
        "structures proposées, issue, site partenaire. Jamais de texte, d'identifiant de conversation, "
        "d'adresse IP ni d'heure exacte.</p><p><strong>Petits effectifs.</strong> Chaque tableau porte sur "
        "une seule dimension ; dans chaque mois, les catégories de moins de 5 événements sont regroupées "
        f"en « {_e(LIBELLE_REGROUPES)} », et un mois de moins de 5 événements n'est publié que « &lt; 5 ». "
        "Les chiffres d'une période sont la somme des chiffres publiés de ses mois : une catégorie regroupée "
        "un mois n'y est pas comptée (elle est dans « Autres »).</p></div>"
    )

    # 1. Utilisation par mois.
    par_mois = [(m.mois, m.total) for m in publication.mois]
    lignes_mois = []
    for m in publication.mois:
        premiers = m.tableaux["premier"].cellules.get("oui") if m.total else None
        lignes_mois.append([nom_mois(m.mois), _nombre(m.total) if m.total is not None else "< 5",
                            _nombre(premiers) if premiers is not None else ("—" if m.total is None else "regroupé")])
    page.bloc("Utilisation par mois", graphique_mois([(nom_mois(n, court=True), v) for n, v in par_mois]),
              "Diagramme en barres des événements par mois.",
              _tableau("Événements par mois", ["Mois", "Événements", "dont premiers échanges"], lignes_mois),
              note="« Premiers échanges » : le premier événement de chaque conversation, soit à peu près le "
                   "nombre de conversations qui ont abouti à une réponse.")

    # 2. Une dimension à la fois.
    for dimension in ("situation", "arrondissement", "profil", "tranche"):
        _bloc_dimension(page, publication, dimension, index)
    _bloc_dimension(page, publication, "proposees", index, limite_graphique=15)

    # 3. Échecs et tendance.
    noms = [nom_mois(m.mois, court=True) for m in publication.mois]
    taux = [m.taux_echec() for m in publication.mois]
    series = {"Échecs (total)": [t["total"] for t in taux]}
    series |= {libelle("echec", e): [t[e] for t in taux] for e in pub.ECHECS_PUBLIES}
    lignes_taux = [[nom_mois(m.mois), *(_pourcent(t[c]) for c in ("total", *pub.ECHECS_PUBLIES))]
                   for m, t in zip(publication.mois, taux, strict=True)]
    page.bloc("Taux d'échec et tendance", graphique_taux(noms, series),
              "Courbes du taux d'échec par mois, au total et par cause.",
              _tableau("Taux d'échec par mois (part des événements du mois)",
                       ["Mois", "Total", *(libelle("echec", e) for e in pub.ECHECS_PUBLIES)], lignes_taux),
              note="Échec : message non compris ; orientation sans structure locale proposée ; structures "
                   "locales proposées mais aucune avec un téléphone vérifié depuis moins de 12 mois. "
                   "« non publié » : moins de 5 événements dans la cellule, ou réussites regroupées.")
    if index is not None:
        try:
            lacunes = _lacunes(index, datetime.now().astimezone())
        except Exception:
            lacunes = []
        page.bloc("Lacunes de l'annuaire, pour ses mainteneurs", None, "",
                  _tableau("Structures locales proposées par situation et arrondissement (annuaire actuel)",
                           ["Situation", *(f"Arr. de {n}" for _, n in sorted(NOMS_ARRONDISSEMENTS.items()))],
                           lacunes),
                  note="Tiré de l'annuaire, pas des conversations : où une victime ne se voit proposer aucune "
                       "structure locale, ou aucune joignable par un contact vérifié.")

    # 4. Le reste, en tableaux.
    for dimension in ("issue", "echec", "danger", "premier", "partenaire"):
        _bloc_dimension(page, publication, dimension, index, graphique=False)
    if publication.mois_caches:
        page.ajouter(f"<p>Mois de moins de 5 événements (non détaillés) : "
                     f"{_e(', '.join(nom_mois(m) for m in publication.mois_caches))}.</p>")
    page.ajouter("<p>Exports pour le rapport annuel : <code>python -m bot.indicateurs export --annee AAAA</code> "
                 "ou <code>--mois AAAA-MM</code> (CSV et XLSX, mêmes règles).</p></main></body></html>")
    return "".join(page.morceaux)


def _bloc_dimension(page: _Page, publication: Publication, dimension: str, index: Annuaire | None,
                    graphique: bool = True, limite_graphique: int | None = None) -> None:
    cumul = publication.cumul(dimension)
    lignes = [(libelle(dimension, c, index), v) for c, v in cumul.lignes(dimension)]
    titre = pub.TITRES[dimension]
    image = None
    if graphique and lignes:
        montrees = lignes
        if limite_graphique and len(lignes) > limite_graphique:
            montrees = [ligne for ligne in lignes if ligne[0] != LIBELLE_REGROUPES][:limite_graphique]
        image = graphique_barres(montrees)
    description = f"Diagramme en barres : {titre.lower()}, événements sur la période."
    if limite_graphique and len(lignes) > limite_graphique:
        description = f"Diagramme en barres : les {limite_graphique} premières {titre.lower()}."
    tableau = _tableau(f"{titre} (somme des mois publiés)", [titre, "Événements"],
                       [[nom, _nombre(v)] for nom, v in lignes])
    page.bloc(titre, image, description, tableau)


def page_refus(message: str = "Accès réservé aux pilotes du dispositif.") -> str:
    return ('<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="robots" content="noindex">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>Accès refusé</title>'
            f"<style>{STYLE}</style></head><body><main><h1>Accès refusé</h1><p>{_e(message)}</p>"
            f'<form method="post" action="{CHEMIN}"><label for="jeton">Jeton d\'accès</label>'
            '<input id="jeton" name="jeton" type="password" autocomplete="off" required> '
            '<button type="submit">Ouvrir</button></form></main></body></html>')


def page_erreur(message: str) -> str:
    return ('<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="robots" content="noindex">'
            f'<title>Indicateurs indisponibles</title><style>{STYLE}</style></head><body><main>'
            f"<h1>Indicateurs indisponibles</h1><p>{_e(message)}</p></main></body></html>")


# --- Service HTTP (appelé par bot.page_demo) ------------------------------------------------------

_RESSOURCES: dict[str, object] = {}


def _moteur_et_index() -> tuple[Engine, Annuaire]:
    if "index" not in _RESSOURCES:
        from knowledge.annuaire import Annuaire

        index = Annuaire()
        _RESSOURCES["index"] = index
    index = _RESSOURCES["index"]
    return index.moteur, index  # type: ignore[attr-defined, return-value]


def _envoyer(gestionnaire: BaseHTTPRequestHandler, statut: int, corps: str) -> None:
    donnees = corps.encode("utf-8")
    gestionnaire.send_response(statut)
    gestionnaire.send_header("Content-Type", "text/html; charset=utf-8")
    gestionnaire.send_header("Content-Length", str(len(donnees)))
    for cle, valeur in ENTETES_SECURITE.items():
        gestionnaire.send_header(cle, valeur)
    gestionnaire.end_headers()
    gestionnaire.wfile.write(donnees)


def servir(gestionnaire: BaseHTTPRequestHandler, methode: str,
           ressources: Callable[[], tuple[Engine, Annuaire]] = _moteur_et_index) -> None:
    """Répond à GET ou POST /indicateurs : 403 sans jeton valide, la page sinon."""
    champs: dict[str, str] = {}
    if methode == "POST":
        longueur = min(int(gestionnaire.headers.get("Content-Length") or 0), 4096)
        corps = gestionnaire.rfile.read(longueur).decode("utf-8", "replace")
        champs = {k: v[0] for k, v in urllib.parse.parse_qs(corps).items()}
    entete = gestionnaire.headers.get("Authorization") or ""
    propose = entete[7:].strip() if entete.lower().startswith("bearer ") else champs.get("jeton")
    if not jeton_valide(propose):
        _envoyer(gestionnaire, 403, page_refus())
        return
    annee_demandee = champs.get("annee") or urllib.parse.parse_qs(urllib.parse.urlsplit(gestionnaire.path).query
                                                                   ).get("annee", [""])[0]
    tous = pub.mois_publiables(nombre=stockage.CONSERVATION_MOIS)
    annees = sorted({int(m[:4]) for m in tous}, reverse=True)
    annee = int(annee_demandee) if re.fullmatch(r"\d{4}", annee_demandee or "") else None
    mois = [m for m in tous if int(m[:4]) == annee] if annee in annees else tous[-12:]
    moteur, index = ressources()
    stockage.creer_table(moteur)
    try:
        corps = rendre(moteur, index, mois, champs.get("jeton") if "jeton" in champs else None, annees,
                       annee if annee in annees else None)
    except Exception as erreur:  # base injoignable : une page d'erreur, sans détail
        _envoyer(gestionnaire, 503, page_erreur(f"Indicateurs indisponibles pour le moment ({type(erreur).__name__})."))
        return
    _envoyer(gestionnaire, 200, corps)
