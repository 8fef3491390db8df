-- Base de l'annuaire, à côté de la base « rasa » du tracker store.
CREATE DATABASE annuaire OWNER rasa;
