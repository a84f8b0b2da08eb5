"""Staff accounts, login sessions and the action log, over a session factory.

Passwords are hashed with argon2id (argon2-cffi). A session cookie holds a random token; the table
keeps only its SHA-256, with the session's CSRF token. After `max_failures` wrong passwords in a row
an account is locked for LOCK_MINUTES (the attempt limit).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from common.db import session_scope, utcnow
from console.models import Role, StaffAction, StaffSession, StaffUser

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
MIN_PASSWORD_CHARS = 10
LOCK_MINUTES = 15
_HASHER = PasswordHasher()
# Verified against when the user does not exist, so both cases take the same time.
_DUMMY_HASH = _HASHER.hash("not a password of anyone")


class AccountError(ValueError):
    """A refused account operation; the message is shown to staff as is (Vietnamese)."""


@dataclass(frozen=True)
class StaffIdentity:
    """The logged-in staff member of a request."""

    user_id: int
    username: str
    role: str
    csrf_token: str

    @property
    def is_admin(self) -> bool:
        return self.role == Role.admin.value


@dataclass(frozen=True)
class UserView:
    """An account as listed to admins (no hash)."""

    username: str
    role: str
    active: bool
    locked: bool
    created_at: dt.datetime
    last_login_at: dt.datetime | None


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_username(name: str) -> str:
    """The canonical (lower-case) user name, or AccountError."""
    name = (name or "").strip().lower()
    if not USERNAME_RE.match(name):
        raise AccountError("Tên đăng nhập gồm 2–64 ký tự a-z, 0-9, dấu chấm, gạch ngang hoặc gạch dưới.")
    return name


def check_password(password: str) -> str:
    """The password if strong enough to hash, else AccountError."""
    if len(password or "") < MIN_PASSWORD_CHARS:
        raise AccountError(f"Mật khẩu cần ít nhất {MIN_PASSWORD_CHARS} ký tự.")
    if len(password) > 1024:
        raise AccountError("Mật khẩu quá dài.")
    return password


class Accounts:
    """Accounts, sessions and the action log of the console."""

    def __init__(self, factory: sessionmaker[Session], session_hours: float = 10.0, max_failures: int = 5,
                 clock: Callable[[], dt.datetime] = utcnow) -> None:
        self._factory = factory
        self._session_length = dt.timedelta(hours=session_hours)
        self._max_failures = max_failures
        self._clock = clock

    # --- accounts -----------------------------------------------------------------------------
    def add_user(self, username: str, password: str, role: str = Role.staff.value, actor: str = "cli") -> str:
        """Create an account; AccountError when the name is taken or the input is invalid."""
        name = check_username(username)
        if role not in {r.value for r in Role}:
            raise AccountError("Vai trò phải là staff hoặc admin.")
        hashed = _HASHER.hash(check_password(password))
        try:
            with session_scope(self._factory) as session:
                session.add(StaffUser(username=name, password_hash=hashed, role=role, active=True,
                                      failed_logins=0, created_at=self._clock()))
                session.flush()
                self._log(session, actor, "user_add", name, role)
        except IntegrityError:
            raise AccountError(f"Tài khoản {name} đã có.") from None
        return name

    def set_active(self, username: str, active: bool, actor: str) -> None:
        """Enable or disable an account (disabling ends its sessions)."""
        with session_scope(self._factory) as session:
            user = session.scalars(select(StaffUser).where(StaffUser.username == username)).first()
            if user is None:
                raise AccountError(f"Không có tài khoản {username}.")
            user.active = active
            user.failed_logins, user.locked_until = 0, None
            if not active:
                session.execute(delete(StaffSession).where(StaffSession.user_id == user.id))
            self._log(session, actor, "user_enable" if active else "user_disable", username, None)

    def users(self) -> list[UserView]:
        """Every account, by name."""
        now = self._clock()
        with session_scope(self._factory) as session:
            rows = session.scalars(select(StaffUser).order_by(StaffUser.username)).all()
            return [UserView(u.username, u.role, u.active, bool(u.locked_until and u.locked_until > now),
                             u.created_at, u.last_login_at) for u in rows]

    def count(self) -> int:
        """How many accounts exist (`make run` explains how to create the first)."""
        with session_scope(self._factory) as session:
            return len(session.scalars(select(StaffUser.id)).all())

    # --- login and sessions -------------------------------------------------------------------
    def login(self, username: str, password: str) -> str | None:
        """A new session token for the right password of an active, unlocked account, else None."""
        name = (username or "").strip().lower()
        now = self._clock()
        with session_scope(self._factory) as session:
            user = session.scalars(select(StaffUser).where(StaffUser.username == name)).first()
            if user is None:
                _verify(_DUMMY_HASH, password or "")
                return None
            if not user.active or (user.locked_until is not None and user.locked_until > now):
                _verify(_DUMMY_HASH, password or "")
                self._log(session, name, "login_refused", name, "locked" if user.active else "disabled")
                return None
            if not _verify(user.password_hash, password or ""):
                user.failed_logins += 1
                if user.failed_logins >= self._max_failures:
                    user.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
                    user.failed_logins = 0
                self._log(session, name, "login_failed", name, None)
                return None
            if _HASHER.check_needs_rehash(user.password_hash):
                user.password_hash = _HASHER.hash(password)
            user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
            token = secrets.token_urlsafe(32)
            session.add(StaffSession(token_hash=_token_hash(token), user_id=user.id,
                                     csrf_token=secrets.token_urlsafe(32), created_at=now,
                                     expires_at=now + self._session_length))
            session.execute(delete(StaffSession).where(StaffSession.expires_at < now))
            self._log(session, name, "login", name, None)
        return token

    def identify(self, token: str | None) -> StaffIdentity | None:
        """The staff member of a live session token, else None."""
        if not token or len(token) > 200:
            return None
        with session_scope(self._factory) as session:
            row = session.execute(
                select(StaffSession, StaffUser).join(StaffUser, StaffUser.id == StaffSession.user_id)
                .where(StaffSession.token_hash == _token_hash(token))
            ).first()
            if row is None:
                return None
            sess, user = row
            if sess.expires_at <= self._clock() or not user.active:
                return None
            return StaffIdentity(user.id, user.username, user.role, sess.csrf_token)

    def logout(self, token: str | None) -> None:
        """End the session of this token (no error if there is none)."""
        if token:
            with session_scope(self._factory) as session:
                session.execute(delete(StaffSession).where(StaffSession.token_hash == _token_hash(token)))

    # --- the action log -----------------------------------------------------------------------
    def record(self, actor: str, action: str, target: str | None, detail: str | None = None,
               request_id: str | None = None) -> bool:
        """Log a staff action; False when `request_id` was already used (the form was sent twice)."""
        try:
            with session_scope(self._factory) as session:
                self._log(session, actor, action, target, detail, request_id)
        except IntegrityError:
            return False
        return True

    def actions(self, limit: int = 200) -> list[StaffAction]:
        """The newest logged actions."""
        with session_scope(self._factory) as session:
            rows = session.scalars(select(StaffAction).order_by(StaffAction.id.desc()).limit(limit)).all()
            session.expunge_all()
            return list(rows)

    def _log(self, session: Session, actor: str, action: str, target: str | None, detail: str | None,
             request_id: str | None = None) -> None:
        session.add(StaffAction(actor=actor[:64], action=action, target=(target or None) and target[:64],
                                detail=detail, request_id=request_id, created_at=self._clock()))
        session.flush()


def _verify(hashed: str, password: str) -> bool:
    try:
        return _HASHER.verify(hashed, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
