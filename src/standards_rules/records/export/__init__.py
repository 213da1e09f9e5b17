"""The platform's export layout (SPEC §3.2, §3.3): workbooks, CSV encodings, cells,
requirement text and units, read into a `Dataset` with a summary of what was read.

`read_export(paths, ruleset)` is the entry point; `load_dataset` uses it for
`.xlsx` files, folders and CSV files named like a sheet of the layout.
"""
