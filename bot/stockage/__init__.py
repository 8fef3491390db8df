"""Conversations : tracker store en mémoire borné dans le temps (`memoire`), purge du tracker store
PostgreSQL de production (`retention`)."""
