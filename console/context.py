"""What every request of the console needs, built once per process: settings, accounts, the KB and
its desk search, the PAKN service (answers go out through pakn's Deliverer)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from common.console_settings import ConsoleSettings
from common.db import make_engine, make_session_factory, utcnow
from common.handover_settings import HandoverSettings
from common.pii import get_logger
from common.vntime import VN_TZ
from console.accounts import Accounts
from console.analytics import ConversationAnalytics
from console.desk import DeskSearch, RasaRanker, rasa_ranker
from console.review import ReviewQueue
from handover.hours import OfficeHours
from handover.ratings import RatingStore
from handover.store import HandoverStore
from pakn.delivery import Deliverer, HttpDeliverer
from pakn.service import PaknService
from procedures_kb.catalogue_index import default_index
from procedures_kb.provinces import Province, default_directory
from procedures_kb.repository import CachedKnowledgeBase, KnowledgeBase

KB_CACHE_SECONDS = 60.0
MAX_REPLY_CHARS = 4000  # a staff message to a citizen (handover reply, later answer, reply to a turn)
logger = get_logger(__name__)


@dataclass
class ConsoleContext:
    """The console's collaborators; tests build one on their own database and fake deliverer."""

    settings: ConsoleSettings
    factory: sessionmaker[Session]
    accounts: Accounts
    pakn: PaknService
    kb_cache: CachedKnowledgeBase
    rasa: RasaRanker | None = None
    analytics: ConversationAnalytics | None = None
    deliver: Deliverer | None = None  # staff replies in a handover, to the citizen's channel
    handover_settings: HandoverSettings = field(default_factory=HandoverSettings)
    clock: Callable[[], dt.datetime] = utcnow  # dates claims and closes; the pages measure times on it
    _desk: DeskSearch | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def build(cls, settings: ConsoleSettings, factory: sessionmaker[Session] | None = None,
              deliver: Deliverer | None = None, rasa: RasaRanker | None = None,
              clock: Callable[[], dt.datetime] = utcnow) -> ConsoleContext:
        """The context on DATABASE_URL (or the given factory)."""
        if factory is None:
            factory = make_session_factory(make_engine(settings.effective_database_url))
        engine = factory.kw["bind"]
        if rasa is None and settings.console_rasa_url:
            rasa = rasa_ranker(settings.console_rasa_url, settings.console_rasa_timeout,
                               settings.rasa_auth_token.get_secret_value())
        # Rasa's tracker store: CONSOLE_TRACKER_DB_URL, else the app's own SQLite file, where `make run` keeps it.
        tracker_url = settings.console_tracker_db_url.get_secret_value() or (
            settings.effective_database_url if settings.effective_database_url.startswith("sqlite") else "")
        analytics = ConversationAnalytics(make_engine(tracker_url), factory) if tracker_url else None
        return cls(
            settings=settings, factory=factory, analytics=analytics,
            accounts=Accounts(factory, settings.console_session_hours, settings.console_max_login_failures),
            pakn=PaknService(factory, settings, deliver=deliver or HttpDeliverer(settings)),
            kb_cache=CachedKnowledgeBase(engine, ttl=KB_CACHE_SECONDS), rasa=rasa,
            deliver=deliver or HttpDeliverer(settings), handover_settings=HandoverSettings.from_env(), clock=clock,
        )

    def send_to_citizen(self, channel: str, sender_id: str, text: str, about: str) -> bool:
        """Deliver a staff message on the citizen's channel; False (and a log line naming `about`) when
        it did not go out."""
        if self.deliver is None:
            return False
        result = self.deliver(channel, sender_id, text)
        if not result.delivered:
            logger.warning("%s: staff message on %s not delivered: %s", about, channel, result.reason)
        return result.delivered

    def review(self) -> ReviewQueue | None:
        """Unanswered turns to label, over the same tracker store as the analytics (None without one)."""
        if self.analytics is None:
            return None
        return ReviewQueue(self.analytics.tracker_engine, self.factory)

    def handovers(self) -> HandoverStore:
        """The handover queue and inbox."""
        return HandoverStore(self.factory, self.clock)

    def ratings(self) -> RatingStore:
        """Answer ratings."""
        return RatingStore(self.factory, self.clock)

    def office_hours(self) -> OfficeHours:
        """When staff answer in person."""
        return OfficeHours(self.handover_settings)

    def kb(self) -> KnowledgeBase:
        """The current KB snapshot (re-read from the database at most every minute)."""
        return self.kb_cache.get()

    def desk(self) -> DeskSearch:
        """Desk search over the current snapshot (rebuilt when the snapshot changes)."""
        kb = self.kb()
        with self._lock:
            if self._desk is None or self._desk.kb is not kb:
                self._desk = DeskSearch(kb, default_index(), self.rasa)
            return self._desk

    def today(self) -> dt.date:
        """Today in Vietnam, or TTHC_TODAY."""
        return self.settings.tthc_today or dt.datetime.now(VN_TZ).date()

    @staticmethod
    def provinces() -> list[Province]:
        """Every province, for the fee selector."""
        return sorted(default_directory(), key=lambda p: p.label)

    @staticmethod
    def province(province_id: str | None) -> Province | None:
        """The province with this id, else None."""
        return default_directory().get(province_id) if province_id else None
