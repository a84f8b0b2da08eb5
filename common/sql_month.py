"""`vn_month(column)`: the YYYY-MM of a naive-UTC timestamp column in Vietnam time, computed by the database.

Vietnam keeps UTC+7 all year (no daylight saving), so the local month is the month of the UTC time plus
seven hours; SQLite and PostgreSQL each get their own spelling, so reports can GROUP BY month in SQL.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

VN_OFFSET_HOURS = 7


class vn_month(FunctionElement[str]):  # lower case: reads as the SQL function it stands for
    """YYYY-MM of the column's moment in Vietnam time."""

    type = String()
    inherit_cache = True
    name = "vn_month"


@compiles(vn_month, "sqlite")
def _sqlite(element: vn_month, compiler: SQLCompiler, **kw: Any) -> str:
    column = compiler.process(next(iter(element.clauses)), **kw)
    return f"strftime('%Y-%m', {column}, '+{VN_OFFSET_HOURS} hours')"


@compiles(vn_month, "postgresql")
def _postgresql(element: vn_month, compiler: SQLCompiler, **kw: Any) -> str:
    column = compiler.process(next(iter(element.clauses)), **kw)
    return f"to_char({column} + interval '{VN_OFFSET_HOURS} hours', 'YYYY-MM')"
