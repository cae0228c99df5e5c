"""`isoback report`: the figures of `core.report` laid out as markdown, CSV or HTML.

`figures` turns numbers into the words every format shares, `markdown`,
`csvout` and `html` lay them out, `charts` draws the HTML's inline SVG, and
`command` is the subcommand: read the history, build, render, write.
"""
