"""Annuaire pour les professionnels (ISCG, CCAS, MDS, écoles, hôpitaux), servi à /annuaire à côté de la
page de démonstration : recherche par commune (toute écriture que le bot comprend) et situation, ou par
nom de structure ; une fiche par structure (contacts en liens tel:, horaires et « ouvert maintenant »,
territoire, comment saisir, sources et dates). Page rendue côté serveur, sans script : lisible au
clavier et par un lecteur d'écran, imprimable (une page A4 par recherche commune × situation).

Mêmes données et même classement que le bot : `Annuaire.orient` (profil professionnel) et
`Annuaire.find_structure`, fiches et horaires rédigés par knowledge.presentation.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlencode, urlsplit

from knowledge.annuaire import NOMS_ARRONDISSEMENTS, Annuaire, StructureVue, annuaire
from knowledge.presentation import ligne_horaires, maintenant
from knowledge.provenance import mention_datee
from knowledge.schema import en_clair

LIMITE = 12
LIBELLES_CONTACT = {"telephone": "Téléphone", "sms": "SMS", "email": "Courriel", "web": "Site", "tchat": "Tchat",
                    "adresse": "Adresse"}
PORTEES = {"national": "Service national", "departement": "Tout le Loir-et-Cher",
           "arrondissements": "Arrondissement(s)", "communes": "Communes"}

STYLE = """
:root { --texte: #1b1b1b; --lien: #0b4f9c; --fond: #fff; --trait: #8a8a8a; --doux: #f3f3f3; }
* { box-sizing: border-box; }
body { margin: 0; font: 1rem/1.5 system-ui, sans-serif; color: var(--texte); background: var(--fond); }
.evitement { position: absolute; left: -999px; }
.evitement:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; outline: 3px solid #000; }
header, main { max-width: 62rem; margin: 0 auto; padding: 1rem; }
a { color: var(--lien); }
a:focus, input:focus, select:focus, button:focus { outline: 3px solid #000; outline-offset: 2px; }
form { display: grid; gap: .5rem 1rem; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
       align-items: end; background: var(--doux); padding: 1rem; border-radius: .5rem; }
fieldset { border: 0; padding: 0; margin: 0; display: contents; }
label { display: block; font-weight: 600; }
input, select, button { font: inherit; padding: .4rem .5rem; width: 100%; border: 1px solid var(--trait);
                        border-radius: .3rem; background: #fff; color: var(--texte); }
button { background: var(--lien); color: #fff; border-color: var(--lien); cursor: pointer; }
.fiche { border: 1px solid var(--trait); border-radius: .5rem; padding: .75rem 1rem; margin: 1rem 0; }
.fiche h3 { margin: 0 0 .25rem; font-size: 1.15rem; }
.fiche dl { display: grid; grid-template-columns: 10rem 1fr; gap: .25rem 1rem; margin: .5rem 0 0; }
.fiche dt { font-weight: 600; }
.fiche dd { margin: 0; }
.fiche ul { margin: 0; padding-left: 1.1rem; }
.raison, .date { color: #444; font-size: .9rem; }
.ouvert { font-weight: 600; }
@media (max-width: 40rem) { .fiche dl { grid-template-columns: 1fr; } }
.impression { display: none; }
@page { size: A4; margin: 7mm; }
@media print {
  form, .evitement, .sans-impression, .raison, .fiche .source-complete, [role="status"] { display: none; }
  .impression { display: inline; }
  body { font-size: 6pt; line-height: 1.18; }
  h1 { font-size: 10pt; margin: 0; } h2 { font-size: 9pt; margin: 0 0 1mm; } header p, .date { font-size: 6pt; }
  header, main { max-width: none; padding: 0; }
  .fiches { column-count: 2; column-gap: 4mm; }
  .fiche { break-inside: avoid; margin: 0 0 1.5mm; padding: 1mm 1.5mm; border-radius: 0; }
  .fiche h3 { font-size: 7.5pt; }
  .fiche p { margin: 0; }
  .fiche .description { display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
  .fiche dl { grid-template-columns: 13mm 1fr; gap: 0 1.5mm; margin-top: .5mm; }
  .fiche ul { padding: 0; list-style: none; display: inline; }
  .fiche li { display: inline; } .fiche li + li::before { content: " · "; }
  a { color: var(--texte); text-decoration: none; }
}
"""


def _contact(contact, aujourd_hui) -> str:
    libelle = LIBELLES_CONTACT.get(contact.type, contact.type)
    if contact.libelle:
        libelle += f" ({contact.libelle})"
    valeur = escape(contact.valeur)
    lien = contact.lien
    texte = f'<a href="{escape(lien)}">{valeur}</a>' if lien else valeur
    mois = mention_datee(contact.confirme_le, aujourd_hui)
    date = f' <span class="date">(information de {escape(mois)})</span>' if mois else ""
    return f"<li>{escape(libelle)} : {texte}{date}</li>"


def _territoire(annuaire_: Annuaire, vue: StructureVue) -> str:
    morceaux = [PORTEES.get(vue.portee, vue.portee)]
    if vue.portee == "arrondissements":
        morceaux = ["Arrondissement de " + ", ".join(NOMS_ARRONDISSEMENTS.get(c, c) for m, c in vue.mailles
                                                    if m == "arrondissement")]
    elif vue.portee == "communes":
        noms = [annuaire_.commune(c).nom for m, c in vue.mailles if m == "commune" and annuaire_.commune(c)]
        morceaux = [", ".join(noms[:8]) + (f" et {len(noms) - 8} autres communes" if len(noms) > 8 else "")]
    if vue.zone:
        morceaux.append(f"zone {'police' if vue.zone == 'police' else 'gendarmerie'}")
    texte = " ; ".join(morceaux)
    if vue.territoire_note:
        texte += f". {vue.territoire_note}"
    return escape(texte)


def _source(source: dict) -> str:
    url = source["url"]
    publiee = source.get("publiee_le")
    quand = f"publiée {escape(en_clair(publiee))}" if publiee else "date de publication inconnue"
    lien = f'<a href="{escape(url)}">{escape(url)}</a>' if url.startswith("http") else escape(url)
    return f'<li>{lien} <span class="date">({quand}, lue le {escape(source["consultee_le"])})</span></li>'


def _source_courte(source: dict) -> str:
    """Pour l'impression : le site et la date (« departement41.fr, 2025-05 »)."""
    url = source["url"]
    site = urlsplit(url).netloc.removeprefix("www.") if url.startswith("http") else "plan 2021-2024"
    return escape(f"{site}, {source.get('publiee_le') or 's. d.'}")


def fiche_html(annuaire_: Annuaire, vue: StructureVue, moment: datetime, raison: str | None = None) -> str:
    """Une fiche complète : ce que fait la structure, contacts, horaires, territoire, saisine, sources."""
    aujourd_hui = moment.date()
    ident = f"fiche-{escape(vue.id)}"
    titre = escape(vue.nom + (f" ({vue.sigle})" if vue.sigle and vue.sigle.lower() not in vue.nom.lower() else ""))
    lignes = [f'<article class="fiche" aria-labelledby="{ident}"><h3 id="{ident}">{titre}</h3>']
    if raison:
        lignes.append(f'<p class="raison">{escape(raison)}</p>')
    lignes.append(f'<p class="description">{escape(vue.description)}</p><dl>')
    contacts = "".join(_contact(c, aujourd_hui) for c in vue.contacts)
    lignes.append(f"<dt>Contacts</dt><dd>{f'<ul>{contacts}</ul>' if contacts else 'Aucun contact vérifié'}</dd>")
    horaires = ligne_horaires(vue, moment)
    if horaires:
        classe = ' class="ouvert"' if vue.est_ouvert(moment) else ""
        note = f" {escape(vue.horaires.note)}" if vue.horaires and vue.horaires.note else ""
        lignes.append(f"<dt>Horaires</dt><dd><span{classe}>{escape(horaires)}</span>{note}</dd>")
    else:
        lignes.append("<dt>Horaires</dt><dd>Non connus</dd>")
    lignes.append(f"<dt>Territoire</dt><dd>{_territoire(annuaire_, vue)}</dd>")
    lignes.append(f"<dt>Comment saisir</dt><dd>{escape(vue.acces_explication)}</dd>")
    sources = "".join(_source(s) for s in vue.sources)
    courtes = " · ".join(_source_courte(s) for s in vue.sources)
    lignes.append(f'<dt>Sources</dt><dd><ul class="source-complete">{sources}</ul>'
                  f'<span class="impression">{courtes}</span></dd></dl></article>')
    return "".join(lignes)


def rendre(annuaire_: Annuaire, requete: dict[str, str], moment: datetime) -> str:
    """La page entière pour une requête (commune, situation, nom)."""
    commune = requete.get("commune", "").strip()[:100]
    situation = requete.get("situation", "").strip()
    nom = requete.get("nom", "").strip()[:100]
    situations = {k: v for k, v in annuaire_.situations().items() if not v.danger}
    options = "".join(
        f'<option value="{escape(k)}"{" selected" if k == situation else ""}>{escape(v.libelle)}</option>'
        for k, v in sorted(situations.items(), key=lambda e: e[1].libelle))
    corps: list[str] = []
    titre = "Rechercher une structure"
    if nom:
        trouvees = annuaire_.find_structure(nom, commune or None, limite=LIMITE)
        titre = f"Structures pour « {nom} »"
        corps.append(f'<p role="status">{len(trouvees)} structure(s) trouvée(s).</p>')
        corps.append('<div class="fiches">' + "".join(fiche_html(annuaire_, v, moment) for v in trouvees) + "</div>")
    elif situation in situations:
        lieu = annuaire_.resolve_commune(commune) if commune else None
        libelle_lieu = "en Loir-et-Cher"
        if lieu is not None and lieu.commune:
            libelle_lieu = f"à {lieu.commune.nom}"
        elif lieu is not None and lieu.statut == "ambigue":
            liens = ", ".join(
                f'<a href="/annuaire?{escape(urlencode({"commune": c.nom, "situation": situation}))}">'
                f"{escape(c.nom)}</a>" for c in lieu.candidats)
            corps.append(f"<p>Ce code postal couvre plusieurs communes : {liens}.</p>")
        elif lieu is not None and lieu.statut == "hors_41":
            corps.append("<p>Ce lieu est hors du Loir-et-Cher : seuls les services nationaux sont donnés.</p>")
        elif lieu is not None and lieu.statut == "inconnue":
            corps.append(f"<p>Commune « {escape(commune)} » non reconnue : structures de tout le département.</p>")
        orientation = annuaire_.orient(situation, lieu, profile="professionnel", at=moment, limite=LIMITE)
        titre = f"{situations[situation].libelle} {libelle_lieu}"
        propositions = orientation.toutes
        corps.append(f'<p role="status">{len(propositions)} structure(s), dans l\'ordre où l\'assistant les '
                     "propose.</p>")
        corps.append('<div class="fiches">'
                     + "".join(fiche_html(annuaire_, p.structure, moment, p.raison) for p in propositions) + "</div>")
    elif commune or situation:
        corps.append('<p role="status">Choisissez une situation, ou cherchez un nom de structure.</p>')
    return f"""<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(titre)} — Annuaire pour les professionnels (Loir-et-Cher)</title><style>{STYLE}</style></head>
<body><a class="evitement" href="#resultats">Aller aux résultats</a>
<header><h1>Annuaire pour les professionnels — Loir-et-Cher</h1>
<p class="sans-impression">Mêmes structures et même ordre que l'assistant. Chaque contact vient d'une source
publique citée ; « information de … » signale une confirmation de plus d'un an.</p></header>
<main>
<form method="get" action="/annuaire" role="search" aria-label="Rechercher dans l'annuaire">
<fieldset><legend class="evitement">Par commune et situation</legend>
<div><label for="commune">Commune ou code postal</label>
<input id="commune" name="commune" value="{escape(commune)}" autocomplete="off"></div>
<div><label for="situation">Situation</label>
<select id="situation" name="situation"><option value="">— choisir —</option>{options}</select></div>
</fieldset>
<div><label for="nom">Ou le nom d'une structure</label>
<input id="nom" name="nom" value="{escape(nom)}" autocomplete="off"></div>
<div><button type="submit">Rechercher</button></div>
</form>
<section id="resultats" aria-labelledby="titre-resultats" tabindex="-1">
<h2 id="titre-resultats">{escape(titre)}</h2>
<p class="date">Édité le {moment.strftime("%d/%m/%Y à %Hh%M")}.</p>
{"".join(corps)}
</section></main></body></html>
"""


def servir(gestionnaire: BaseHTTPRequestHandler) -> None:
    """Répond à GET /annuaire pour le serveur de la page de démonstration."""
    parametres = {k: v[0] for k, v in parse_qs(urlsplit(gestionnaire.path).query).items()}
    corps = rendre(annuaire(), parametres, maintenant()).encode("utf-8")
    gestionnaire.send_response(200)
    gestionnaire.send_header("Content-Type", "text/html; charset=utf-8")
    gestionnaire.send_header("Content-Length", str(len(corps)))
    gestionnaire.send_header("Cache-Control", "no-store")
    gestionnaire.send_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
                                                         "form-action 'self'; base-uri 'none'")
    gestionnaire.end_headers()
    gestionnaire.wfile.write(corps)
