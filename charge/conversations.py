"""Conversations réalistes rejouées par le test de charge (locustfile) et le bench du serveur."""

CONVERSATIONS = [
    ["bonjour", "mon mari me frappe", "Blois", "Autres possibilités", "merci"],
    ["ma voisine se fait frapper par son copain", "41100", "merci au revoir"],
    ["je me suis fait arnaquer sur internet, on a vidé mon compte", "je préfère ne pas le dire"],
    ["je suis assistante sociale, quel est le numéro de la CRIP ?", "merci"],
    ["mon fils se fait harceler au collège", "Romorantin", "Une autre question"],
    ["il a un couteau", "Je suis en sécurité maintenant", "Vendôme"],
    ["bonsoir", "je n'ai nulle part où dormir ce soir avec mes enfants", "Salbris"],
    ["est-ce normal qu'il contrôle mon téléphone ?", "oui", "Montrichard"],
]
