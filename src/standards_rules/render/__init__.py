"""Rendering stage: what people read, from a `Report` (or an `Explanation`) and a `Plan`.

Takes the report the evaluation computed and the plan's own words (titles,
labels, citations, units) with the records' names; gives terminal tables
(`table`), explanation text (`explain_text`), the public notice as one HTML page
(`notice`) and the agency's workbook (`workbook`). Renderers look things up and
lay them out; they never compute a verdict, a score or a rank.
"""

# The report's output formats, here so that the command line names them without
# importing a renderer.
FORMATS = ("json", "table", "html", "xlsx")
