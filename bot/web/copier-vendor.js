// Copie le client socket.io minifié (issu de `npm ci`) dans static/vendor/, fichier versionné.
const fs = require("fs");
const path = require("path");
const source = path.join(__dirname, "node_modules", "socket.io-client", "dist", "socket.io.min.js");
const cible = path.join(__dirname, "static", "vendor", "socket.io.min.js");
fs.mkdirSync(path.dirname(cible), { recursive: true });
fs.copyFileSync(source, cible);
console.log(`copié : ${path.relative(__dirname, cible)}`);
