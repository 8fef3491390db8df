/*
 * Widget « Aide aux victimes 41 » pour sites partenaires.
 *   <script src="https://…/widget.js" data-server="https://rasa.exemple.fr"
 *           data-partner="mairie-exemple" data-exit="https://meteofrance.com" defer></script>
 * Sûreté d'abord : aucun cookie, aucun localStorage ; l'identifiant de session reste en
 * sessionStorage (cet onglet seulement) et disparaît avec « Quitter rapidement ».
 * Aucun message perdu : ce qui est écrit avant que le serveur ait confirmé la session, ou pendant
 * une coupure, attend dans une file (en mémoire) et part, dans l'ordre et une seule fois, dès la
 * confirmation. L'état de la connexion est affiché et annoncé ; si le client socket.io ne se
 * charge pas ou si le serveur reste injoignable, le panneau le dit avec les numéros d'urgence.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var base = script.src.replace(/[^/]*$/, "");
  var SERVEUR = script.getAttribute("data-server") || "http://localhost:5005";
  var PARTENAIRE = (script.getAttribute("data-partner") || "inconnu").slice(0, 60);
  var SORTIE = script.getAttribute("data-exit") || "https://meteofrance.com";
  var CLE_SESSION = "aide41.session";
  var SCHEMAS_AUTORISES = /^(tel:|sms:|https:)/i;
  var ECHECS_MAX = 3;            // tentatives de connexion ratées d'affilée avant « indisponible »
  var DELAI_MAX = 20000;         // ms sans session confirmée avant « indisponible »
  var ETATS = {
    connexion: "Connexion en cours…",
    connecte: "Connecté",
    reconnexion: "Connexion perdue, nouvelle tentative…",
    indisponible: "Connexion impossible pour le moment"
  };

  // <textes générés> par `python -m bot.textes_widget` (domain.yml, annuaire) : ne pas modifier ici.
  var TEXTES = {
    "accueil": "Bonjour. Cet assistant est automatique et anonyme : il ne demande jamais votre nom.\nVos messages servent seulement à vous répondre. Rien n'est gardé dans ce navigateur après « Quitter rapidement » ; sur le serveur, la conversation est effacée au plus tard 24 h après votre dernier message, et elle n'est pas écrite dans les journaux.\nVous êtes en danger maintenant ? Appelez le [17](tel:17). La police ou les gendarmes viennent.\nUrgence ? Appelez le [112](tel:112). Ça marche même sans crédit.\nVous ne pouvez pas parler ? Envoyez un SMS au [114](sms:114).\nLe bouton « Quitter rapidement » (ou Échap deux fois) efface tout et ouvre un site neutre.\nÉcrivez « bonjour » ou dites ce qui se passe.",
    "indisponible": "L'assistant ne peut pas se connecter pour le moment. Vos messages partiront dès que la connexion reviendra. En cas d'urgence, n'attendez pas :\nVous êtes en danger maintenant ? Appelez le [17](tel:17). La police ou les gendarmes viennent.\nUrgence ? Appelez le [112](tel:112). Ça marche même sans crédit.\nVous ne pouvez pas parler ? Envoyez un SMS au [114](sms:114)."
  };
  // </textes générés>

  var socket = null;
  var sessionId = null;
  var sessionConfirmee = false;
  var attente = [];              // messages pas encore partis : { message, marque }
  var echecs = 0;
  var minuteur = null;
  var etatCourant = "";
  var client = "absent";         // client socket.io : absent, chargement, pret, echec
  var racine, panneau, journal, saisie, formulaire, indicateur, lanceur, zoneEtat, texteEtat, alerte;
  var dernierEchap = 0;

  function element(nom, attributs, texte) {
    var e = document.createElement(nom);
    Object.keys(attributs || {}).forEach(function (cle) { e.setAttribute(cle, attributs[cle]); });
    if (texte) e.textContent = texte;
    return e;
  }

  // Texte du bot : échappé (textContent), seuls les liens [libellé](tel:|sms:|https:) deviennent cliquables.
  function rendreTexte(conteneur, texte) {
    var motif = /\[([^\]]{1,200})\]\(([^)\s]{1,500})\)/g;
    texte.split("\n").forEach(function (ligne, i) {
      if (i > 0) conteneur.appendChild(document.createElement("br"));
      var position = 0, m;
      while ((m = motif.exec(ligne)) !== null) {
        conteneur.appendChild(document.createTextNode(ligne.slice(position, m.index)));
        if (SCHEMAS_AUTORISES.test(m[2])) {
          var lien = element("a", { href: m[2] }, m[1]);
          if (/^https:/i.test(m[2])) { lien.target = "_blank"; lien.rel = "noopener noreferrer"; }
          conteneur.appendChild(lien);
        } else {
          conteneur.appendChild(document.createTextNode(m[1]));
        }
        position = motif.lastIndex;
      }
      conteneur.appendChild(document.createTextNode(ligne.slice(position)));
    });
  }

  function ajouter(auteur, texte, boutons) {
    var bulle = element("div", { "class": "aide41-msg aide41-" + auteur });
    var invisible = element("span", { "class": "aide41-sr" }, auteur === "bot" ? "Assistant : " : "Vous : ");
    bulle.appendChild(invisible);
    if (auteur === "bot") rendreTexte(bulle, texte); else bulle.appendChild(document.createTextNode(texte));
    journal.appendChild(bulle);
    if (boutons && boutons.length) {
      var groupe = element("div", { "class": "aide41-boutons", role: "group", "aria-label": "Réponses rapides" });
      boutons.forEach(function (b) {
        var bouton = element("button", { type: "button", "class": "aide41-rapide" }, b.title);
        bouton.addEventListener("click", function () {
          groupe.remove();
          envoyer(b.payload, b.title);
        });
        groupe.appendChild(bouton);
      });
      journal.appendChild(groupe);
    }
    journal.scrollTop = journal.scrollHeight;
    return bulle;
  }

  function frappe(actif) {
    indicateur.hidden = !actif;
    if (actif) journal.appendChild(indicateur);
    journal.scrollTop = journal.scrollHeight;
  }

  // État affiché et annoncé (role="status") : un texte, la couleur n'est qu'un complément.
  // « indisponible » ne cède qu'à « connecte » : pas de clignotement pendant les nouvelles tentatives.
  function definirEtat(etat) {
    if (etat === etatCourant || (etatCourant === "indisponible" && etat !== "connecte")) return;
    etatCourant = etat;
    zoneEtat.setAttribute("data-etat", etat);
    texteEtat.textContent = ETATS[etat];
    alerte.hidden = etat !== "indisponible";
    alerte.textContent = "";
    if (etat === "indisponible") {
      rendreTexte(alerte, TEXTES.indisponible);  // écrit au moment d'apparaître : annoncé (role="alert")
      frappe(false);
    }
  }

  function surveiller() {
    if (minuteur === null) minuteur = setTimeout(function () {
      minuteur = null;
      if (!sessionConfirmee) definirEtat("indisponible");
    }, DELAI_MAX);
  }

  function chargerClient() {
    if (client === "chargement" || client === "pret") return;
    client = "chargement";
    var sio = element("script", { src: base + "vendor/socket.io.min.js" });
    sio.onload = function () {
      client = typeof io === "undefined" ? "echec" : "pret";
      if (client === "echec") definirEtat("indisponible"); else if (!panneau.hidden || attente.length) connecter();
    };
    sio.onerror = function () {
      sio.remove();
      client = "echec";
      if (!panneau.hidden || attente.length) definirEtat("indisponible");
    };
    document.head.appendChild(sio);
  }

  function connecter() {
    if (socket) return;
    surveiller();
    if (typeof io === "undefined") {
      // Client pas encore là (réseau lent) ou pas chargé (bloqué) : nouvel essai, état affiché.
      definirEtat(client === "echec" ? "indisponible" : "connexion");
      if (client === "echec") client = "absent";
      chargerClient();
      return;
    }
    definirEtat("connexion");
    try { sessionId = sessionStorage.getItem(CLE_SESSION); } catch (e) { sessionId = null; }
    socket = io(SERVEUR, { transports: ["websocket", "polling"], reconnection: true });
    socket.on("connect", function () {
      socket.emit("session_request", { session_id: sessionId });
    });
    socket.on("session_confirm", function (donnees) {
      sessionId = (donnees && donnees.session_id) || donnees;
      try { sessionStorage.setItem(CLE_SESSION, sessionId); } catch (e) { /* la session vit en mémoire */ }
      sessionConfirmee = true;
      echecs = 0;
      clearTimeout(minuteur);
      minuteur = null;
      definirEtat("connecte");
      vider();
    });
    socket.on("bot_uttered", function (donnees) {
      frappe(false);
      var boutons = donnees.quick_replies || donnees.buttons || [];
      if (donnees.text) ajouter("bot", String(donnees.text), boutons);
    });
    socket.on("connect_error", function () {
      echecs += 1;
      definirEtat(echecs >= ECHECS_MAX ? "indisponible" : (sessionId ? "reconnexion" : "connexion"));
    });
    socket.on("disconnect", function (raison) {
      sessionConfirmee = false;
      if (!socket) return;  // « Quitter rapidement »
      frappe(false);
      definirEtat("reconnexion");
      surveiller();
      if (raison === "io server disconnect") socket.connect();  // sinon socket.io se reconnecte seul
    });
  }

  // La file part seulement quand le serveur a confirmé la session (sans identifiant de session,
  // le canal socket.io de Rasa ignore un message) ; chaque message sort de la file en partant.
  function vider() {
    while (attente.length && socket && socket.connected && sessionConfirmee) {
      var entree = attente.shift();
      if (entree.marque) entree.marque.remove();
      frappe(true);
      socket.emit("user_uttered", { message: entree.message, session_id: sessionId, metadata: { partenaire: PARTENAIRE } });
    }
  }

  function envoyer(message, affiche) {
    message = String(message || "").trim();
    if (!message) return;
    var bulle = ajouter("moi", affiche || message);
    var entree = { message: message.slice(0, 2000), marque: null };
    attente.push(entree);
    connecter();
    vider();
    if (attente.indexOf(entree) >= 0) {
      entree.marque = element("span", { "class": "aide41-attente" }, " (en attente d'envoi)");
      bulle.appendChild(entree.marque);
    }
  }

  // « Quitter rapidement » : vide, déconnecte, efface, remplace l'historique, part ailleurs.
  function quitter() {
    attente = [];
    clearTimeout(minuteur);
    try { if (socket) { var s = socket; socket = null; s.disconnect(); } } catch (e) { /* rien */ }
    try { sessionStorage.removeItem(CLE_SESSION); } catch (e) { /* rien */ }
    if (journal) journal.textContent = "";
    if (racine) racine.remove();
    window.location.replace(SORTIE);
  }

  function ouvrir() {
    panneau.hidden = false;
    lanceur.setAttribute("aria-expanded", "true");
    connecter();
    saisie.focus();
  }

  function fermer() {
    panneau.hidden = true;
    lanceur.setAttribute("aria-expanded", "false");
    lanceur.focus();
  }

  function construire() {
    racine = element("div", { "class": "aide41", lang: "fr" });
    lanceur = element("button", { type: "button", "class": "aide41-lanceur", "aria-expanded": "false", "aria-controls": "aide41-panneau" }, "Besoin d'aide ? Parler à l'assistant");
    panneau = element("section", { id: "aide41-panneau", "class": "aide41-panneau", role: "dialog", "aria-label": "Assistant d'aide aux victimes, anonyme" });
    panneau.hidden = true;

    var entete = element("div", { "class": "aide41-entete" });
    entete.appendChild(element("h2", { "class": "aide41-titre" }, "Aide aux victimes — Loir-et-Cher"));
    var sortie = element("button", { type: "button", "class": "aide41-quitter", "aria-describedby": "aide41-aide-sortie" }, "Quitter rapidement");
    sortie.addEventListener("click", quitter);
    var fermeture = element("button", { type: "button", "class": "aide41-fermer", "aria-label": "Réduire la fenêtre" }, "×");
    fermeture.addEventListener("click", fermer);
    entete.appendChild(sortie);
    entete.appendChild(fermeture);

    journal = element("div", { "class": "aide41-journal", role: "log", "aria-live": "polite", "aria-relevant": "additions", tabindex: "0", "aria-label": "Conversation" });
    indicateur = element("div", { "class": "aide41-frappe", "aria-label": "L'assistant écrit" }, "L'assistant écrit…");
    indicateur.hidden = true;

    formulaire = element("form", { "class": "aide41-formulaire" });
    var etiquette = element("label", { "for": "aide41-saisie", "class": "aide41-sr" }, "Votre message");
    saisie = element("input", { id: "aide41-saisie", type: "text", autocomplete: "off", maxlength: "2000", placeholder: "Écrivez votre message…" });
    var bouton = element("button", { type: "submit", "class": "aide41-envoyer" }, "Envoyer");
    formulaire.appendChild(etiquette);
    formulaire.appendChild(saisie);
    formulaire.appendChild(bouton);
    formulaire.addEventListener("submit", function (ev) {
      ev.preventDefault();
      envoyer(saisie.value);
      saisie.value = "";
    });

    var aide = element("p", { id: "aide41-aide-sortie", "class": "aide41-etat-sortie" }, "Échap deux fois : quitter rapidement.");
    zoneEtat = element("p", { "class": "aide41-etat", role: "status", "data-etat": "" });
    zoneEtat.appendChild(element("span", { "class": "aide41-pastille", "aria-hidden": "true" }));
    texteEtat = element("span", { "class": "aide41-etat-texte" });
    zoneEtat.appendChild(texteEtat);
    alerte = element("div", { "class": "aide41-indisponible", role: "alert" });
    alerte.hidden = true;
    panneau.appendChild(entete);
    panneau.appendChild(zoneEtat);
    panneau.appendChild(journal);
    panneau.appendChild(alerte);
    panneau.appendChild(formulaire);
    panneau.appendChild(aide);
    racine.appendChild(lanceur);
    racine.appendChild(panneau);
    document.body.appendChild(racine);

    lanceur.addEventListener("click", function () { panneau.hidden ? ouvrir() : fermer(); });
    document.addEventListener("keydown", function (ev) {
      if (ev.key !== "Escape") return;
      var t = Date.now();
      if (t - dernierEchap < 1500) quitter();
      dernierEchap = t;
    });

    ajouter("bot", TEXTES.accueil);
  }

  function charger() {
    var css = element("link", { rel: "stylesheet", href: base + "widget.css" });
    document.head.appendChild(css);
    construire();
    if (typeof io === "undefined") chargerClient(); else client = "pret";
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", charger); else charger();
})();
