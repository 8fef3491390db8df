# Point d'entrée unique. Les deux commandes du README : `make run` et `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Python 3.10 (Rasa 3.6 refuse 3.11) : PYTHON=…, sinon python3.10 du PATH, sinon pyenv.
PYTHON ?= $(shell scripts/trouver-python.sh)
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
STAMP := $(VENV)/.installe
MODELE_DIR := models
PORT_RASA ?= 5005
PORT_ACTIONS ?= 5055
PORT_PAGE ?= 8000
export ANNUAIRE_DB_URL
export PYTHONPATH := $(CURDIR)
# Pas de télémétrie ni de rapport d'erreur envoyés à Rasa (aucune donnée ne sort).
export RASA_TELEMETRY_ENABLED := false

.PHONY: help install navigateur test-integration test-cluster cluster charge run test lint unit validate train test-stories test-nlu eval eval-dev eval-nlu bench shell kb clean

help: ## Liste les cibles
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): requirements/base.in requirements/dev.in requirements/constraints.txt
	@if [ -z "$(PYTHON)" ]; then echo "Python 3.10 introuvable : installez-le (pyenv install 3.10.13) ou passez PYTHON=/chemin/python3.10 (Rasa 3.6 ne marche pas avec 3.11+)." >&2; exit 1; fi
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip==24.2"
	$(PY) -m pip install --quiet -r requirements/base.in -r requirements/dev.in -c requirements/constraints.txt
	$(PY) -m pip check
	touch $(STAMP)

# Navigateur des tests : Chromium de Debian (Playwright le pilote par son chemin, sans téléchargement)
# et axe-core depuis npm (package-lock.json).
NAVIGATEUR ?= /usr/bin/chromium
navigateur: ## Chromium (paquet Debian) et axe-core (npm ci) pour les tests du widget
	@scripts/paquet-debian.sh $(NAVIGATEUR) chromium
	@test -f bot/web/node_modules/axe-core/axe.min.js || (cd bot/web && npm ci --no-audit --no-fund --silent)

install: $(STAMP) ## Installe l'environnement (.venv) depuis le fichier de contraintes

kb: install ## Construit la base de l'annuaire si les fichiers ont changé
	$(PY) -m knowledge build --si-besoin

train: install ## Entraîne le modèle si les données ou la config ont changé
	$(RASA) train --fixed-model-name orientation-41 --out $(MODELE_DIR) --quiet

run: kb train ## Lance l'assistant : actions, Rasa (REST + socket.io) et la page de démo sur :8000
	@scripts/lancer.sh $(PORT_RASA) $(PORT_ACTIONS) $(PORT_PAGE)

shell: kb train ## Converser dans le terminal (rasa shell)
	@SANIC_HOST=127.0.0.1 $(RASA) run actions --port $(PORT_ACTIONS) --quiet >/dev/null 2>&1 & trap "kill $$! 2>/dev/null" EXIT; \
	$(RASA) shell --model $(MODELE_DIR)/orientation-41.tar.gz --quiet

lint: install ## Ruff
	$(VENV)/bin/ruff check .

validate: install ## Valide les données Rasa (domain, NLU, histoires, règles)
	$(RASA) data validate --fail-on-warnings --quiet

# PostgreSQL jetable propre à cette commande (données hors du clone, scripts/postgres-test.sh) ; son
# fichier d'état est unique, pour que deux `make` lancés en même temps dans le même clone ne
# s'arrêtent pas le serveur l'un de l'autre. Arrêté et effacé à la fin, même sur échec. Donne $$url.
AVEC_POSTGRES = mkdir -p var && export PG_ETAT=$$(mktemp -u "$(CURDIR)/var/pgtest-XXXXXX.etat") && \
	trap "scripts/postgres-test.sh stop" EXIT && url=$$(scripts/postgres-test.sh start) &&

# Marqueurs pytest (pyproject.toml) : un `pytest` nu ne lance que la suite rapide ; chaque cible
# demande explicitement les tests lourds qui la concernent.
unit: install ## Tests pytest (SQLite, un vrai PostgreSQL, un vrai Redis)
	@scripts/paquet-debian.sh redis-server redis-server
	@$(AVEC_POSTGRES) TEST_POSTGRES_URL=$$url $(PY) -m pytest -q -m "not integration and not grappe" tests

test-integration: kb train navigateur ## Pile réelle : confidentialité, entrées hostiles, pannes, sécurité, navigateur
	@$(AVEC_POSTGRES) TEST_POSTGRES_URL=$$url $(PY) -m pytest -q -m integration tests/integration

test-stories: train ## Histoires de test (--fail-on-prediction-errors)
	$(RASA) test core --model $(MODELE_DIR)/orientation-41.tar.gz --stories tests/stories \
	  --fail-on-prediction-errors --out results/core --quiet

test-nlu: train ## NLU sur le fichier tenu à part ; échoue sous une macro-F1 de 0,90
	$(RASA) test nlu --model $(MODELE_DIR)/orientation-41.tar.gz --nlu tests/nlu/tenu_a_part.yml --out results/nlu --quiet
	$(PY) scripts/seuil_nlu.py results/nlu/intent_report.json 0.90

test-cluster: kb train ## Deux répliques Rasa + PostgreSQL + Redis + nginx, natifs : tests de répliques
	$(PY) -m pytest -q -m grappe tests/cluster

cluster: kb train ## Topologie de production en natif (PostgreSQL, Redis, nginx, 2 Rasa, 2 actions) sur :8080
	@scripts/cluster.sh run

test: install lint unit kb validate train test-stories test-nlu test-integration test-cluster ## Toute la suite (CI)
	@echo "make test : tout est passé."

# Le rapport est écrit même quand un objectif est manqué ; make eval échoue ensuite.
eval: kb train ## Évaluation : scénarios, jeu aveugle gelé (à côté de la mesure d'avant), NLU comparée ; échoue sous les objectifs
	@mkdir -p results; statut=0; \
	$(PY) scripts/scenarios.py tests/scenarios.yml --lancer --json results/scenarios.json || statut=1; \
	$(PY) scripts/eval_aveugle.py --lancer --json results/eval-aveugle.json \
	  --reference reports/eval-aveugle/avant.json --seuils || statut=1; \
	$(MAKE) --no-print-directory eval-nlu || statut=1; \
	$(PY) scripts/rapport_eval.py || statut=1; \
	if [ $$statut -ne 0 ]; then echo "make eval : objectif manqué (scénarios ou NLU), voir reports/evaluation.md." >&2; fi; \
	exit $$statut

eval-dev: kb train ## Jeux de développement (tests/dev/) : agrégats, et les échecs en clair dans var/eval-dev/
	@mkdir -p var/eval-dev; for jeu in $$(ls tests/dev | grep '^jeu'); do \
	  $(PY) scripts/eval_aveugle.py --lancer --conversations tests/dev/$$jeu/conversations.yml \
	    --questions tests/dev/$$jeu/questions.yml --json var/eval-dev/$$jeu.json --echecs var/eval-dev/$$jeu-echecs.yml; \
	done

eval-nlu: train ## Compare la NLU (jeu tenu à part) : notre pipeline spaCy et le pipeline par défaut de Rasa
	test results/nlu/intent_report.json -nt $(MODELE_DIR)/orientation-41.tar.gz || $(MAKE) --no-print-directory test-nlu
	$(RASA) train nlu --config eval/config_defaut.yml --fixed-model-name defaut --out var/eval --quiet
	$(RASA) test nlu --model var/eval/defaut.tar.gz --nlu tests/nlu/tenu_a_part.yml --out results/nlu-defaut --quiet
	$(PY) scripts/comparer_nlu.py "spaCy fr_core_news_md + DIET=results/nlu/intent_report.json" \
	  "défaut Rasa (sans spaCy)=results/nlu-defaut/intent_report.json"

bench: kb train ## Mesures : annuaire (SQLite, PostgreSQL), chargement du modèle, RSS, latence d'un tour, entraînement
	@$(AVEC_POSTGRES) $(PY) scripts/bench_annuaire.py --postgres $$url
	$(PY) scripts/bench_serveur.py $(if $(ENTRAINEMENT),--entrainement,)

charge: kb train ## Test de charge Locust (1, 10, 50 conversations ; machine seule puis grappe) -> reports/
	$(PY) scripts/mesure_charge.py

clean: ## Supprime modèles, résultats et base locale
	rm -rf $(MODELE_DIR) results var .rasa
