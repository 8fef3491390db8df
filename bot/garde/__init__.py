"""Devant le bot : canaux REST et socket.io gardés (`canaux`), journal caviardé (`journal`)."""
