"""SQLAlchemy models of the knowledge base: procedures and their searchable facts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from common.db import Base


class ProcedureRow(Base):
    """One procedure; `payload` holds the validated YAML document, the columns its key facts."""

    __tablename__ = "kb_procedures"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(64), index=True)
    agency_level: Mapped[str] = mapped_column(String(16))
    group_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    confidence: Mapped[str] = mapped_column(String(8))
    last_verified: Mapped[dt.date] = mapped_column(Date)
    online_url: Mapped[str | None] = mapped_column(Text, nullable=True)
    official_page_url: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    aliases: Mapped[list[AliasRow]] = relationship(cascade="all, delete-orphan")
    fees: Mapped[list[FeeRow]] = relationship(cascade="all, delete-orphan")
    codes: Mapped[list[CodeRow]] = relationship(cascade="all, delete-orphan")


class AliasRow(Base):
    """A name, abbreviation or code by which people refer to a procedure (folded for search)."""

    __tablename__ = "kb_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    procedure_id: Mapped[str] = mapped_column(ForeignKey("kb_procedures.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(Text)
    folded: Mapped[str] = mapped_column(Text, index=True)
    kind: Mapped[str] = mapped_column(String(16))


class CodeRow(Base):
    """A code of the national procedure database."""

    __tablename__ = "kb_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    procedure_id: Mapped[str] = mapped_column(ForeignKey("kb_procedures.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(64), index=True)
    level: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))


class FeeRow(Base):
    """One fee amount with its validity period (regular, reduction or exemption)."""

    __tablename__ = "kb_fees"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    procedure_id: Mapped[str] = mapped_column(ForeignKey("kb_procedures.id", ondelete="CASCADE"), index=True)
    case: Mapped[str] = mapped_column(Text)
    amount_vnd: Mapped[int | None] = mapped_column(Integer, nullable=True)
    kind: Mapped[str] = mapped_column(String(16))
    province: Mapped[str | None] = mapped_column(String(64), nullable=True)
    valid_from: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    valid_to: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    legal_basis: Mapped[str] = mapped_column(Text)
    confidence: Mapped[str] = mapped_column(String(8))
