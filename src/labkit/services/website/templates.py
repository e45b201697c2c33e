"""HTML templates of the site (Jinja2, autoescaped), in French."""

from __future__ import annotations

import re

from jinja2 import DictLoader, Environment, select_autoescape

from labkit.services.website.formatting import euros, per_unit, percent_off

SITE_NAME = "Bio&Co Marché"

BASE = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>{% block title %}{% endblock %} | {{ site }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
{% if prev_url %}<link rel="prev" href="{{ prev_url }}">{% endif %}
{% if next_url %}<link rel="next" href="{{ next_url }}">{% endif %}
</head>
<body>
<header class="site-header">
  <a class="logo" href="/">{{ site }}</a>
  <nav class="menu">
    {% for slug, name in categories.items() -%}
    <a class="category-link" href="/categorie/{{ slug }}">{{ name }}</a>
    {% endfor %}
  </nav>
  <a class="account" href="/compte" rel="nofollow">Mon compte</a>
  <a class="cart" href="/panier" rel="nofollow">Panier</a>
</header>
<main>
{% block main %}{% endblock %}
</main>
<footer class="site-footer">
  <p>{{ site }}, l'épicerie bio de quartier. Prix TTC en euros.</p>
  <a href="/sitemap.xml">Plan du site</a> · <a href="/admin" rel="nofollow">Administration</a>
</footer>
</body>
</html>
"""

PRICE = """{% macro price_box(item) -%}
<div class="price-box">
  {% if item.malformation == "price_format" -%}
  <span class="price">EUR {{ "%.2f"|format(item.price_eur) }}</span>
  {%- elif item.malformation != "missing_price" -%}
  {% if item.old_price_eur %}<del class="price-old">{{ item.old_price_eur|euros }}</del>
  <span class="promo">{{ item.discount_pct|percent_off }}</span>
  {% endif %}<span class="price">{{ item.price_eur|euros }}</span>
  <span class="unit-price">{{ item.unit_price_eur|per_unit(item.unit) }}</span>
  {%- else -%}
  <span class="price-unavailable">Prix en magasin</span>
  {%- endif %}
</div>
{% if not item.in_stock %}<span class="badge out-of-stock">Rupture de stock</span>{% endif %}
{%- endmacro %}
{% macro card(item) -%}
<article class="product" data-sku="{{ item.sku }}">
  <a class="product-link" href="{{ item.url }}"><h2 class="product-name">{{ item.name }}</h2></a>
  <p class="pack">{{ item.pack }}</p>
  {{ price_box(item) }}
  <a class="add-to-cart" href="/panier?ajouter={{ item.sku }}" rel="nofollow">Ajouter au panier</a>
</article>
{%- endmacro %}
"""

HOME = """{% extends "base" %}{% from "price" import card %}
{% block title %}Accueil{% endblock %}
{% block main %}
<h1>Bienvenue chez {{ site }}</h1>
<section class="categories">
  <h2>Nos rayons</h2>
  <ul>{% for slug, name in categories.items() %}
    <li><a href="/categorie/{{ slug }}">{{ name }}</a></li>{% endfor %}
  </ul>
</section>
<section class="promotions">
  <h2>Promotions de la semaine</h2>
  {% for item in promotions %}{{ card(item) }}
  {% endfor %}
</section>
{% endblock %}
"""

CATEGORY = """{% extends "base" %}{% from "price" import card %}
{% block title %}{{ name }} (page {{ page }}){% endblock %}
{% block main %}
<nav class="breadcrumb"><a href="/">Accueil</a> › <span>{{ name }}</span></nav>
<h1 class="category-title">{{ name }}</h1>
<p class="count">{{ count }} produits</p>
<section class="product-list">
{% for item in items %}{{ card(item) }}
{% endfor %}
</section>
<nav class="pagination">
  {% if prev_url %}<a class="prev" rel="prev" href="{{ prev_url }}">« Précédent</a>{% endif %}
  <span class="current">Page {{ page }} sur {{ pages }}</span>
  {% if next_url %}<a class="next" rel="next" href="{{ next_url }}">Suivant »</a>{% endif %}
</nav>
{% endblock %}
"""

PRODUCT = """{% extends "base" %}{% from "price" import price_box %}
{% block title %}{{ item.name }}{% endblock %}
{% block main %}
<nav class="breadcrumb"><a href="/">Accueil</a> ›
  <a href="/categorie/{{ item.category_slug }}">{{ item.category }}</a> ›
  <span>{{ item.name }}</span></nav>
<article class="product product-detail" data-sku="{{ item.sku }}">
  <h1 class="product-name">{{ item.name }}</h1>
  {% if item.label %}<p class="product-label">{{ item.label }}</p>{% endif %}
  <dl class="product-specs">
    <dt>EAN</dt><dd class="ean">{{ item.ean13 }}</dd>
    <dt>Référence</dt><dd class="sku">{{ item.sku }}</dd>
    <dt>Contenance</dt><dd class="pack">{{ item.pack }}</dd>
  </dl>
  {{ price_box(item) }}
  {% if item.in_stock %}<p class="stock in-stock">En stock</p>{% endif %}
  <form class="add-to-cart" action="/panier" method="post">
    <input type="hidden" name="sku" value="{{ item.sku }}">
    <button type="submit">Ajouter au panier</button>
  </form>
</article>
{% endblock %}
"""

MESSAGE = """{% extends "base" %}
{% block title %}{{ title }}{% endblock %}
{% block main %}<h1>{{ title }}</h1>
<p class="message">{{ message }}</p>
<p><a href="/">Retour à l'accueil</a></p>{% endblock %}
"""

SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{% for loc, lastmod in urls %}  <url><loc>{{ base }}{{ loc }}</loc>
    {%- if lastmod %}<lastmod>{{ lastmod }}</lastmod>{% endif %}</url>
{% endfor %}</urlset>
"""


def _environment() -> Environment:
    templates = {
        "base": BASE,
        "price": PRICE,
        "home": HOME,
        "category": CATEGORY,
        "product": PRODUCT,
        "message": MESSAGE,
        "sitemap": SITEMAP,
    }
    env = Environment(loader=DictLoader(templates), autoescape=select_autoescape(default=True))
    env.filters.update(euros=euros, per_unit=per_unit, percent_off=percent_off)
    return env


ENV = _environment()


def render(template: str, /, **context: object) -> str:
    """Render ``template`` with the site-wide context."""
    return ENV.get_template(template).render(site=SITE_NAME, **context)


def break_tags(html: str) -> str:
    """Malform a product page: drop closing tags inside the article and cut the page end."""
    head, _, rest = html.partition('<article class="product')
    article = re.sub(r"</(h1|p|span|dd|dt|div)>", "", rest.split("</article>")[0])
    return head + '<article class="product' + article
