"""Pools of French values the generator samples from (no per-row faker)."""

from __future__ import annotations

FIRST_NAMES_F = (
    "Marie", "Camille", "Léa", "Manon", "Chloé", "Emma", "Inès", "Sarah", "Julie", "Laura",
    "Pauline", "Lucie", "Anaïs", "Clara", "Océane", "Mathilde", "Juliette", "Marine", "Élodie",
    "Aurélie", "Céline", "Nathalie", "Isabelle", "Sophie", "Sandrine", "Valérie", "Christine",
    "Catherine", "Françoise", "Monique", "Nicole", "Sylvie", "Martine", "Brigitte", "Hélène",
    "Agathe", "Zoé", "Jade", "Louise", "Alice", "Lina", "Rose", "Anna", "Ambre", "Margaux",
    "Charlotte", "Émilie", "Claire", "Cécile", "Agnès", "Josiane",
)
FIRST_NAMES_M = (
    "Jean", "Pierre", "Michel", "Philippe", "Alain", "Nicolas", "Christophe", "Patrick", "Daniel",
    "Bernard", "Frédéric", "Laurent", "Stéphane", "Éric", "Sébastien", "Julien", "David",
    "Thomas", "Alexandre", "Maxime", "Antoine", "Hugo", "Lucas", "Louis", "Gabriel", "Arthur",
    "Jules", "Raphaël", "Léo", "Nathan", "Théo", "Paul", "Adam", "Mathis", "Baptiste", "Romain",
    "Guillaume", "Vincent", "Olivier", "François", "Jérôme", "Thierry", "Pascal", "Gérard",
    "André", "Yannick", "Mathieu", "Benoît", "Cédric", "Loïc", "Noé",
)
LAST_NAMES = (
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau",
    "Laurent", "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David", "Bertrand", "Morel",
    "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent",
    "Muller", "Lefèvre", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier",
    "Chevalier", "François", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin", "Clément",
    "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson", "Marchand", "Duval",
    "Denis", "Dumont", "Marie", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier", "Brun",
    "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud",
    "Martinez", "Gérard", "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal",
    "Caron", "Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix",
    "Olivier", "Philippe", "Bourgeois", "Pierre", "Benoît", "Rey", "Leclerc", "Payet", "Rolland",
    "Leclercq", "Guillaume", "Lecomte", "Lopez", "Jean", "Dupuy", "Guillot", "Hubert", "Berger",
    "Carpentier", "Sanchez", "Dupuis", "Moulin", "Louis", "Deschamps", "Huet", "Vasseur", "Perez",
    "Boucher", "Fleury", "Royer", "Klein", "Jacquet", "Adam", "Paris", "Poirier", "Marty",
    "Aubry", "Guyot", "Carré", "Charles", "Renault", "Charpentier", "Ménard", "Maillard", "Baron",
    "Bertin", "Bailly", "Hervé", "Schneider", "Fernandez", "Collet", "Léger", "Bouvier", "Julien",
    "Prévost", "Millet", "Perrot", "Daniel", "Cousin", "Germain", "Breton", "Besson", "Langlois",
    "Rémy", "Pelletier", "Lévêque", "Perrier", "Leblanc", "Barré", "Lebrun", "Marchal", "Weber",
    "Le Gall", "Le Roux", "Le Goff",
)

STREET_TYPES = ("rue", "rue", "rue", "avenue", "boulevard", "place", "allée", "impasse", "chemin")
STREET_NAMES = (
    "de la République", "Victor Hugo", "Jean Jaurès", "Pasteur", "de la Gare",
    "du Général de Gaulle", "des Lilas", "du Moulin", "de l'Église", "Gambetta",
    "Jules Ferry", "de la Paix", "Émile Zola", "des Écoles", "du Château", "de la Liberté",
    "Voltaire", "Carnot", "Nationale", "des Tilleuls", "du Stade", "de Verdun", "Anatole France",
    "des Acacias", "de la Fontaine", "Saint-Martin", "des Roses", "du Port", "de Bretagne",
    "des Vignes", "Jean Moulin", "Louis Pasteur", "Aristide Briand", "du Marché",
    "des Peupliers", "de la Mairie", "Alsace-Lorraine", "du 8 Mai 1945", "des Chênes",
    "George Sand", "Marcel Pagnol", "de la Croix",
)

EMAIL_DOMAINS = (
    "gmail.com", "gmail.com", "gmail.com", "orange.fr", "orange.fr", "free.fr", "laposte.net",
    "hotmail.fr", "yahoo.fr", "sfr.fr", "outlook.fr", "wanadoo.fr", "icloud.com", "bbox.fr",
)
MOBILE_PREFIXES = ("06", "07")
LANDLINE_BY_REGION = {"11": "01", "24": "02", "28": "02", "52": "02", "53": "02", "32": "03",
                      "44": "03", "27": "03", "84": "04", "93": "04", "76": "05", "75": "05"}

# Communes where the chain operates, with a real postal code: "dep:commune=code;...".
CITIES = """
75:Paris=75005;Paris=75011;Paris=75015;Paris=75018;Paris=75020
92:Boulogne-Billancourt=92100;Nanterre=92000;Issy-les-Moulineaux=92130;Montrouge=92120
93:Montreuil=93100;Saint-Denis=93200;Pantin=93500
94:Vincennes=94300;Créteil=94000;Ivry-sur-Seine=94200
78:Versailles=78000;Saint-Germain-en-Laye=78100;Rambouillet=78120
69:Lyon=69001;Lyon=69003;Lyon=69004;Lyon=69007;Villeurbanne=69100;Oullins=69600
38:Grenoble=38000;Voiron=38500;Meylan=38240
74:Annecy=74000;Thonon-les-Bains=74200;Annemasse=74100
63:Clermont-Ferrand=63000;Riom=63200;Issoire=63500
31:Toulouse=31000;Toulouse=31400;Colomiers=31770;Muret=31600
34:Montpellier=34000;Sète=34200;Lunel=34400
33:Bordeaux=33000;Bordeaux=33800;Mérignac=33700;Pessac=33600;Libourne=33500
64:Pau=64000;Bayonne=64100;Biarritz=64200
17:La Rochelle=17000;Rochefort=17300;Royan=17200
44:Nantes=44000;Nantes=44100;Saint-Nazaire=44600;Rezé=44400
49:Angers=49000;Saumur=49400;Cholet=49300
35:Rennes=35000;Saint-Malo=35400;Vitré=35500
29:Brest=29200;Quimper=29000;Morlaix=29600
56:Vannes=56000;Lorient=56100;Auray=56400
59:Lille=59000;Roubaix=59100;Villeneuve-d'Ascq=59650;Dunkerque=59140
13:Marseille=13001;Marseille=13006;Marseille=13008;Aix-en-Provence=13100;Arles=13200
06:Nice=06000;Antibes=06600;Cannes=06400
84:Avignon=84000;Carpentras=84200;Orange=84100
67:Strasbourg=67000;Haguenau=67500;Sélestat=67600
76:Rouen=76000;Le Havre=76600;Dieppe=76200
14:Caen=14000;Bayeux=14400;Lisieux=14100
21:Dijon=21000;Beaune=21200
"""


def cities() -> list[tuple[str, str, str]]:
    """(departement_code, city, postal_code) of every commune in the pool."""
    rows = []
    for line in CITIES.strip().splitlines():
        dep, communes = line.split(":")
        for commune in communes.split(";"):
            city, code = commune.split("=")
            rows.append((dep, city, code))
    return rows


# category -> subcategory -> (unit, min price, max price, product base names)
CATALOGUE: dict[str, dict[str, tuple[str, float, float, str]]] = {
    "Fruits et légumes": {
        "Fruits": ("kg", 2.2, 9.5, "Pommes Gala|Pommes Reinette|Poires Conférence|Bananes|"
                   "Oranges|Clémentines|Kiwis|Fraises|Abricots|Pêches|Raisin blanc|Citrons|Prunes"),
        "Légumes": ("kg", 1.5, 7.9, "Carottes|Pommes de terre|Courgettes|Tomates|Poireaux|"
                    "Oignons|Salade batavia|Concombre|Potimarron|Brocolis|Betteraves|Épinards"),
        "Herbes aromatiques": ("botte", 0.9, 2.5, "Persil|Ciboulette|Basilic|Coriandre|Menthe"),
    },
    "Crèmerie": {
        "Fromages": ("pièce", 2.9, 12.0, "Comté 18 mois|Camembert|Tomme de Savoie|Chèvre frais|"
                     "Reblochon|Brie de Meaux|Roquefort|Saint-Nectaire"),
        "Yaourts et desserts": ("pièce", 1.6, 4.5, "Yaourt nature|Yaourt vanille|Fromage blanc|"
                                "Crème dessert chocolat|Riz au lait"),
        "Lait": ("l", 1.1, 2.2, "Lait demi-écrémé|Lait entier|Lait de chèvre"),
        "Beurre et crème": ("pièce", 1.9, 4.9, "Beurre doux|Beurre demi-sel|Crème fraîche"),
    },
    "Boulangerie": {
        "Pains": ("pièce", 1.2, 4.8, "Baguette tradition|Pain de campagne|Pain complet|"
                  "Pain aux céréales|Pain de seigle"),
        "Viennoiseries": ("pièce", 0.9, 2.4, "Croissant|Pain au chocolat|Brioche|"
                          "Chausson aux pommes"),
    },
    "Épicerie salée": {
        "Pâtes, riz et céréales": ("pièce", 1.4, 4.9, "Spaghetti|Penne|Riz basmati|Riz complet|"
                                   "Quinoa|Boulgour|Semoule"),
        "Légumineuses": ("pièce", 1.8, 4.5, "Lentilles vertes|Pois chiches|Haricots rouges|"
                         "Lentilles corail"),
        "Huiles et vinaigres": ("l", 3.5, 14.0, "Huile d'olive|Huile de colza|Vinaigre de cidre"),
        "Farines": ("pièce", 1.5, 3.9, "Farine de blé T65|Farine de sarrasin|Farine d'épeautre"),
    },
    "Épicerie sucrée": {
        "Biscuits": ("pièce", 1.9, 4.5, "Sablés au beurre|Galettes bretonnes|Cookies chocolat"),
        "Confitures et miels": ("pièce", 3.2, 11.0, "Miel de fleurs|Miel d'acacia|"
                                "Confiture d'abricots|Confiture de fraises"),
        "Chocolat": ("pièce", 1.9, 4.9, "Chocolat noir 70 %|Chocolat au lait|Pâte à tartiner"),
        "Fruits secs": ("kg", 12.0, 32.0, "Amandes|Noix|Noisettes|Raisins secs|Abricots secs"),
    },
    "Boissons": {
        "Jus": ("l", 2.5, 6.5, "Jus de pomme|Jus d'orange|Nectar d'abricot|Jus de raisin"),
        "Vins et bières": ("pièce", 3.9, 19.0, "Côtes-du-Rhône rouge|Muscadet|Bordeaux rouge|"
                           "Bière blonde|Bière ambrée|Cidre brut"),
        "Thés et cafés": ("pièce", 3.5, 12.0, "Café moulu|Café en grains|Thé vert|"
                          "Infusion tilleul"),
    },
    "Boucherie et charcuterie": {
        "Viandes": ("kg", 14.0, 39.0, "Steak haché|Rôti de porc|Bœuf bourguignon|Côtes d'agneau"),
        "Volailles": ("kg", 9.0, 24.0, "Poulet fermier|Filets de poulet|Cuisses de canard"),
        "Charcuterie": ("pièce", 2.9, 8.9, "Jambon blanc|Saucisson sec|Pâté de campagne|Rillettes"),
    },
    "Hygiène et entretien": {
        "Hygiène": ("pièce", 2.5, 9.9, "Savon de Marseille|Shampoing solide|Dentifrice|Déodorant"),
        "Entretien": ("pièce", 2.9, 8.9, "Liquide vaisselle|Lessive liquide|Vinaigre ménager"),
    },
}
QUALIFIERS = ("", "", "", " de saison", " du terroir", " fermier", " artisanal", " en vrac",
              " origine France", " de nos régions", " extra", " tradition")
PRODUCT_FORMATS = {"kg": ("", " au kilo"), "pièce": (" 250 g", " 500 g", " 1 kg", " x6", ""),
                   "l": (" 1 l", " 75 cl", " 50 cl"), "botte": ("",)}

# Catalogue reorganisation on 2024-03-01: (new category, subcategory) -> former category.
REORGANISED = {("Épicerie sucrée", "Fruits secs"): "Épicerie salée",
               ("Boissons", "Thés et cafés"): "Épicerie sucrée",
               ("Épicerie salée", "Farines"): "Boulangerie"}

ORGANIC_LABELS = ("AB", "AB", "AB", "AB", "AB", "Demeter", "Nature & Progrès", "Bio Cohérence")
CERTIFIERS = ("Ecocert FR-BIO-01", "Bureau Veritas FR-BIO-10", "Certipaq Bio FR-BIO-09",
              "Qualisud FR-BIO-16", "Certisud FR-BIO-07")
SUPPLIER_KINDS = ("Ferme", "GAEC", "EARL", "SCEA", "Les Vergers", "La Fromagerie",
                  "Le Moulin", "Les Jardins", "Maison", "Domaine", "Rucher", "Brasserie")
CARRIERS = ("Colissimo", "Chronopost", "Panier Vert Livraison", "Stuart")
