"""A table's body rows as the report pages write them: text escaped, figures formatted."""

from reports.tables.table import COUNT, PERCENT, SCORE, TEXT, Column, Table


def _table(rows):
    return Table(
        key="example",
        title="Example",
        definition="",
        columns=[
            Column("name", "Hub", TEXT),
            Column("code", "Code", TEXT),
            Column("schools", "Schools", COUNT),
            Column("rate", "Rate", PERCENT),
            Column("score", "Score", SCORE),
        ],
        rows=rows,
    )


def test_body_rows_escape_text_and_format_figures():
    table = _table(
        [
            {"name": "<b>North & East</b>", "code": '"NE"', "schools": 12345, "rate": 12.34, "score": 3.456},
            {"name": "West", "code": None, "schools": 0, "rate": None},
        ]
    )

    assert str(table.body_html()) == (
        '<tr><th scope="row">&lt;b&gt;North &amp; East&lt;/b&gt;</th><td class="text-end">&quot;NE&quot;</td>'
        '<td class="text-end">12,345</td><td class="text-end">12.3%</td><td class="text-end">3.46</td></tr>\n'
        '<tr><th scope="row">West</th><td class="text-end">–</td><td class="text-end">0</td>'
        '<td class="text-end">–</td><td class="text-end">–</td></tr>'
    )
    assert [[str(cell) for cell in row] for row in table.display_rows()][0] == [
        "<b>North & East</b>",
        '"NE"',
        "12,345",
        "12.3%",
        "3.46",
    ]


def test_a_table_without_rows_says_so():
    assert str(_table([]).body_html()) == '<tr><td colspan="5">No figures for this selection.</td></tr>'
