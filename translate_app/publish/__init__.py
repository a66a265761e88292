"""Editions for readers: Jekyll Markdown, standalone HTML, PDF, and a bilingual edition.

``gate`` decides what goes in (state, checks, fallback); ``markdown`` splices it into the
source; ``html`` renders that Markdown with markdown-it-py; ``pages`` and ``bilingual`` fill the
one Jinja2 environment's templates; ``pdf`` prints them with WeasyPrint in the fonts of
``fonts``; ``build`` makes every file in memory and ``files.write_atomic`` replaces them.
"""
