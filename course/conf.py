"""Sphinx configuration for the course site: French lessons in MyST Markdown, furo theme.

Built offline (no intersphinx, no CDN). The build runs with warnings as errors
(``labkit.course_site.build``), so a broken internal link or anchor fails it.
"""

project = "Expert en infrastructures de données massives (RNCP37638)"
author = "Les contributeurs du cours"
copyright = "Les contributeurs du cours, licence MIT"
language = "fr"

extensions = ["myst_parser"]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "**/.ipynb_checkpoints"]

# MyST: slug anchors for headings h1-h3, so `[x](page.md#titre)` is checked.
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence", "deflist"]

html_theme = "furo"
html_title = "Cours RNCP37638 : expert en infrastructures de données massives"
html_show_sourcelink = False
