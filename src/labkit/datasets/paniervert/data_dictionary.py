"""The data dictionary: meaning (French), type and GDPR category of every column."""

from __future__ import annotations

from dataclasses import asdict, dataclass

GDPR_CATEGORIES = {"D": "identifiant direct", "Q": "quasi-identifiant", "S": "sensible",
                   "N": "aucune"}

# table -> "column|type|GDPR code|meaning" lines
SPEC: dict[str, str] = {
    "regions": """
region_code|text|N|Code INSEE de la région (COG)
name|text|N|Nom officiel de la région
chef_lieu|text|N|Commune chef-lieu de la région""",
    "departements": """
departement_code|text|N|Code INSEE du département (COG) : '01', '2A', '971'...
name|text|N|Nom officiel du département
region_code|text|N|Région du département (clé vers regions)
chef_lieu|text|N|Commune préfecture du département""",
    "stores": """
store_id|integer|N|Identifiant technique du magasin
store_code|text|N|Code magasin métier (PV001...)
name|text|N|Enseigne et nom du magasin
address|text|N|Adresse actuelle du magasin (numéro et voie)
postal_code|text|N|Code postal du magasin (commence par le code du département)
city|text|N|Commune du magasin
departement_code|text|N|Département du magasin (clé vers departements)
region_code|text|N|Région du magasin (clé vers regions)
manager_name|text|D|Nom du ou de la responsable actuel·le (salarié : donnée personnelle)
surface_m2|integer|N|Surface de vente en m²
opened_on|date|N|Date d'ouverture du magasin""",
    "suppliers": """
supplier_id|integer|N|Identifiant technique du fournisseur
siret|text|Q|Numéro SIRET (14 chiffres, Luhn) ; désigne une personne si exploitant individuel
name|text|Q|Raison sociale, contient souvent le nom de l'exploitant
departement_code|text|N|Département du siège (clé vers departements)
city|text|N|Commune du siège
organic_certifier|text|N|Organisme certificateur bio (null si non certifié)
specialty|text|N|Rayon principal fourni
created_at|timestamp|N|Création de la fiche fournisseur""",
    "products": """
product_id|integer|N|Identifiant technique du produit
ean13|text|N|Code-barres EAN-13 (clé de contrôle valide)
name|text|N|Libellé commercial
category|text|N|Rayon (niveau 1 de la hiérarchie)
subcategory|text|N|Sous-rayon (niveau 2)
organic|boolean|N|Produit issu de l'agriculture biologique
label|text|N|Label (AB, Demeter, Nature & Progrès, Bio Cohérence ; null si non bio)
unit|text|N|Unité de vente : kg, pièce, l, botte
unit_price_eur|decimal|N|Prix de vente TTC actuel par unité, en euros
supplier_id|integer|N|Fournisseur (clé vers suppliers)
created_at|timestamp|N|Référencement du produit
updated_at|timestamp|N|Dernière modification (début de la version courante de product_history)""",
    "customers": """
customer_id|integer|D|Identifiant client interne (pseudonyme, relie toutes les données du client)
loyalty_id|text|D|Numéro de carte de fidélité (EAN-13 interne 290...) ; null sans carte
first_name|text|D|Prénom
last_name|text|D|Nom de famille
sex|text|Q|Sexe déclaré (F/M)
email|text|D|Adresse électronique
phone|text|D|Téléphone au format national
address|text|D|Adresse postale actuelle (numéro et voie)
postal_code|text|Q|Code postal actuel
city|text|Q|Commune actuelle
departement_code|text|Q|Département de résidence
birth_date|date|Q|Date de naissance
created_at|timestamp|N|Création du compte ou de la carte
consent_marketing|boolean|N|Consentement à la prospection commerciale
consent_marketing_at|timestamp|N|Date du consentement marketing (null sans consentement)
consent_profiling|boolean|N|Consentement au profilage (recommandations personnalisées)
consent_profiling_at|timestamp|N|Date du consentement au profilage (null sans consentement)""",
    "orders": """
order_id|integer|N|Identifiant de la commande ou du ticket de caisse
customer_id|integer|D|Client (clé vers customers) ; null en magasin sans carte
store_id|integer|N|Magasin (clé vers stores) ; null pour l'e-shop
channel|text|N|Canal : magasin ou eshop
ordered_at|timestamp|Q|Date et heure de la commande (heure locale de Paris)
status|text|N|payée, livrée, annulée, remboursée, en_cours
updated_at|timestamp|N|Dernier changement de statut""",
    "order_lines": """
order_id|integer|N|Commande (clé vers orders)
line_no|integer|N|Numéro de ligne dans la commande
product_id|integer|N|Produit (clé vers products)
quantity|decimal|N|Quantité (kg pour les produits au poids)
unit_price_eur|decimal|N|Prix unitaire appliqué ce jour-là (voir product_history)
discount_eur|decimal|N|Remise sur la ligne, en euros""",
    "payments": """
payment_id|integer|N|Identifiant du paiement
order_id|integer|N|Commande (clé vers orders)
method|text|N|Moyen : carte, espèces, ticket_restaurant, virement
amount_eur|decimal|N|Montant ; négatif pour un remboursement
paid_at|timestamp|N|Date et heure du paiement""",
    "deliveries": """
delivery_id|integer|N|Identifiant de la livraison
order_id|integer|N|Commande e-shop livrée (clé vers orders)
carrier|text|N|Transporteur
tracking_number|text|N|Numéro de suivi du transporteur
status|text|N|en_préparation, expédiée, livrée, retournée
shipped_at|timestamp|N|Remise au transporteur (null si en préparation)
delivered_at|timestamp|N|Livraison (null si pas encore livrée)
updated_at|timestamp|N|Dernier changement de statut""",
    "stock": """
store_id|integer|N|Magasin (clé vers stores)
product_id|integer|N|Produit (clé vers products)
quantity|decimal|N|Quantité en stock (kg pour les produits au poids)
updated_at|timestamp|N|Dernier inventaire""",
    "store_history": """
store_id|integer|N|Magasin (clé vers stores)
valid_from|timestamp|N|Début de validité de la version (inclus)
valid_to|timestamp|N|Fin de validité (exclue) ; null pour la version courante
address|text|N|Adresse du magasin pendant la période
postal_code|text|N|Code postal pendant la période
city|text|N|Commune pendant la période
manager_name|text|D|Responsable pendant la période""",
    "product_history": """
product_id|integer|N|Produit (clé vers products)
valid_from|timestamp|N|Début de validité de la version (inclus)
valid_to|timestamp|N|Fin de validité (exclue) ; null pour la version courante
category|text|N|Rayon pendant la période (réorganisation du 2024-03-01)
subcategory|text|N|Sous-rayon pendant la période
unit_price_eur|decimal|N|Prix pendant la période""",
    "customer_history": """
customer_id|integer|D|Client (clé vers customers)
valid_from|timestamp|N|Début de validité de l'adresse (inclus)
valid_to|timestamp|N|Fin de validité (exclue) ; null pour l'adresse courante
address|text|D|Adresse pendant la période
postal_code|text|Q|Code postal pendant la période
city|text|Q|Commune pendant la période""",
    "reviews": """
review_id|integer|N|Identifiant de l'avis
customer_id|integer|D|Auteur (clé vers customers)
product_id|integer|N|Produit noté (clé vers products)
rating|integer|N|Note de 1 à 5
text|text|S|Texte libre : peut révéler santé, opinions... (fautes et émojis d'origine)
created_at|timestamp|N|Date de publication""",
    "gdpr_requests": """
request_id|integer|N|Identifiant de la demande RGPD
customer_id|integer|D|Personne concernée (clé vers customers)
type|text|N|accès, effacement, rectification, opposition
requested_at|timestamp|N|Réception de la demande
status|text|N|traitée, rejetée, en_cours
answered_at|timestamp|N|Réponse (délai légal : un mois) ; null si en cours""",
}

# Files (not in tables()): path pattern -> same line format; nested fields use dots.
FILES: dict[str, str] = {
    "clickstream/day=*/part-0.jsonl": """
event_id|text|N|Identifiant de l'événement
ts|timestamp|Q|Horodatage ISO 8601 avec décalage horaire de Paris
session_id|text|Q|Session de navigation (cookie)
customer_id|integer|D|Client connecté (null si anonyme)
event_type|text|N|page_view, search, add_to_cart, remove_from_cart, begin_checkout, purchase
page|text|N|Chemin de la page
product_id|integer|N|Produit consulté ou ajouté (null sinon)
device.type|text|Q|Type d'appareil : mobile, desktop, tablet
device.os|text|Q|Système d'exploitation
properties|json|S|Détails selon le type (recherche saisie, quantité, commande et montant)""",
    "sensors/month=*/part-0.parquet": """
store_id|integer|N|Magasin équipé (clé vers stores)
sensor_id|text|N|Capteur (S001-F1 : frigo 1 du magasin 1, S001-E1 : entrée)
kind|text|N|temperature_frigo (°C) ou comptage_entrees (personnes par heure)
ts|timestamp|N|Heure de la mesure (heure locale)
value|decimal|N|Valeur mesurée ; pannes, valeurs aberrantes et trous listés dans _anomalies.json""",
    "sources/fournisseurs/tarifs_*.csv": """
code_ean|text|N|EAN-13 du produit (parfois invalide)
designation|text|N|Libellé chez le fournisseur
siret_fournisseur|text|Q|SIRET du fournisseur (parfois invalide)
fournisseur|text|Q|Raison sociale du fournisseur
prix_unitaire|decimal|N|Prix avec virgule décimale (par g au lieu du kg en cas d'erreur d'unité)
unite|text|N|Unité (g au lieu de kg en cas d'erreur)
date_tarif|date|N|Date du tarif, formats mélangés
categorie|text|N|Rayon > sous-rayon""",
    "sources/liste_prix_cooperative.xlsx": """
EAN|text|N|EAN-13 du produit
Désignation|text|N|Libellé du produit
Catégorie|text|N|Rayon > sous-rayon
Unité|text|N|Unité de vente
Prix unitaire (€)|decimal|N|Prix ; parfois saisi en texte '3,50 €'
Bio|text|N|oui / non""",
    "sources/catalogue_partenaire.json": """
produits.ean|text|N|EAN-13 du produit
produits.libelle|text|N|Libellé (parfois null)
produits.rayon.niveau1|text|N|Rayon
produits.rayon.niveau2|text|N|Sous-rayon
produits.prix.montant|decimal|N|Prix (parfois texte, parfois absent)
produits.prix.devise|text|N|Devise (EUR)
produits.prix.unite|text|N|Unité de vente
produits.fournisseur.siret|text|Q|SIRET du fournisseur
produits.fournisseur.nom|text|Q|Raison sociale du fournisseur
produits.labels|json|N|Liste des labels bio
produits.disponibilite|json|N|Liste {magasin, quantite} du stock chez le partenaire""",
    "sources/export_caisses_2024-12.parquet": """
store_code|text|N|Code magasin
ticket_id|integer|N|Numéro de ticket (= order_id)
line_no|integer|N|Ligne du ticket
sold_at|timestamp|Q|Heure de passage en caisse
ean13|text|N|EAN-13 du produit
quantity|decimal|N|Quantité
unit_price_eur|decimal|N|Prix unitaire
discount_eur|decimal|N|Remise""",
}


@dataclass(frozen=True)
class ColumnDoc:
    """One column of a table or file: type, French meaning, GDPR category."""

    table: str
    column: str
    type: str
    meaning_fr: str
    gdpr_category: str


def _parse(specs: dict[str, str]) -> list[ColumnDoc]:
    docs = []
    for table, text in specs.items():
        for line in text.strip().splitlines():
            column, kind, code, meaning = line.split("|", 3)
            docs.append(ColumnDoc(table, column, kind, meaning, GDPR_CATEGORIES[code]))
    return docs


def dictionary() -> list[ColumnDoc]:
    """Every column of every clean table, then of every generated file."""
    return _parse(SPEC) + _parse(FILES)


def as_records() -> list[dict]:
    return [asdict(doc) for doc in dictionary()]


def as_markdown() -> str:
    """The dictionary as Markdown: one section and one table per table or file."""
    out = ["# Dictionnaire des données Panier Vert", ""]
    current = None
    for doc in dictionary():
        if doc.table != current:
            current = doc.table
            out += ["", f"## `{current}`", "", "| colonne | type | RGPD | signification |",
                    "|---|---|---|---|"]
        out.append(f"| `{doc.column}` | {doc.type} | {doc.gdpr_category} | {doc.meaning_fr} |")
    return "\n".join(out) + "\n"
