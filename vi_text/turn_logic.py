"""Decide what a message asks from the intent classifier, the alias matcher and the procedure ranker.

Real citizens write long messages: background first, the question last, and words such as "cảm ơn"
or "phản ánh" inside the story. The intent classifier then spreads its confidence and the message
used to end in a clarify menu, the feedback form or "out of scope" although the procedure was plain.
When the procedure is clear, the message is a question about it: the aspect comes from the question
sentence (else the classifier's question intent, else an overview with the aspect buttons). Flows
the citizen chose on purpose (feedback, dossier status, a person) keep their intent when the
classifier is sure of them or the words say so. No procedure: the classifier decides alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from vi_text.cues import find_cue
from vi_text.flow_words import ASKS_TO_COMPLAIN, FILED, SUBMITTED, complains
from vi_text.foreign_element import foreign_reading
from vi_text.question_reading import (
    HOW_TO,
    NEED,
    NEED_LONG,
    QUESTION_INTENTS,
    asked_intent,
    asks_something,
    question_part,
)
from vi_text.ranker_labels import NONE_LABEL, OUTSIDE_PREFIX, is_kb_label
from vi_text.sibling_procedures import sibling_of
from vi_text.text import normalize
from vi_text.turn_thresholds import DEFAULT_THRESHOLDS, Thresholds
from vi_text.word_senses import names_something_else

FLOW_INTENTS = frozenset({"give_feedback", "ask_application_status", "check_feedback_status", "request_human"})
SHORT_INTENTS = frozenset({"greet", "goodbye", "thank", "affirm", "deny", "bot_challenge"})


@dataclass(frozen=True)
class Decision:
    """The interpreted message: intent with confidence, and a KB procedure or an outside entry."""

    intent: str
    confidence: float
    procedure: str | None = None
    outside: str | None = None
    reason: str = ""


# Words of any matter an office handles or of an aspect a follow-up asks about, over normalize()d text.
# A question with none of them, that the ranker is sure names no procedure, is out of scope.
_ADMINISTRATIVE = re.compile(
    r"\b(thu tuc|ho so|hs|giay|dang ky|cap|lam|nop|le phi|phi|tien|bao lau|bao gio|ngay|thang|tuan|online|onl|"
    r"truc tuyen|mang|link|trang web|cong|dich vu|mau|to khai|chung nhan|chung thuc|so|the|xin|khai|xac nhan|"
    r"co quan|ubnd|uy ban|cong an|phuong|xa|huyen|tinh|bo phan|mot cua|can bo|bao hiem|bhxh|bhyt|thue|"
    r"can cuoc|ho chieu|xe|dat|nha|con|vo|chong|ket hon|ket qua|kq|xu ly|duyet|tinh trang|tra cuu|ma|"
    r"dia chi|buoc|can|phai|quy dinh|luat|phap|tro cap|che do|huong|vneid|dinh danh|cu tru|ho khau|"
    r"tam tru|thuong tru|ly lich|phan anh|kien nghi|khieu nai)\b")


def _outside_rival(procedure: str, ranking: Sequence[tuple[str, float]], t: Thresholds) -> bool:
    """The ranker puts `procedure` first and an outside-the-catalogue entry close behind it."""
    if not ranking or ranking[0][0] != procedure:
        return False
    first = ranking[0][1]
    return any(label.startswith(OUTSIDE_PREFIX) and conf >= t.outside_rival * first for label, conf in ranking[1:3])


def _unlisted_outside(ranking: Sequence[tuple[str, float]], t: Thresholds) -> str | None:
    """An outside entry among the ranker's first three when no KB procedure is likely: the message is about a
    procedure the catalogue lacks ("Bố mẹ tôi… không để lại di chúc…": thừa kế 0.11, the best KB procedure 0.04)."""
    kb_best = max((conf for label, conf in ranking if is_kb_label(label)), default=0.0)
    if kb_best >= t.kb_unlikely:
        return None
    return next((label.removeprefix(OUTSIDE_PREFIX) for label, conf in ranking[:3]
                 if label.startswith(OUTSIDE_PREFIX) and conf >= t.outside_second), None)


def _cue_named(text: str, ranking: Sequence[tuple[str, float]]) -> bool:
    """A paper-and-event cue names the ranker's first choice ("bang lai a1 bi mat": a lost licence, read as out of
    scope at 0.79 with the ranker at 0.84): as good as a named procedure."""
    cue = find_cue(text)
    return cue is not None and bool(ranking) and ranking[0][0] == cue.procedure


def _nothing_administrative(norm: str, words: int, ranking: Sequence[tuple[str, float]], t: Thresholds) -> bool:
    """The ranker is sure the message names no procedure, and no word of it is administrative."""
    sure_none = bool(ranking) and ranking[0][0] == NONE_LABEL and ranking[0][1] >= t.sure_none
    return sure_none and words >= 5 and not _ADMINISTRATIVE.search(norm)


def _procedure(alias: str | None, ranking: Sequence[tuple[str, float]], t: Thresholds,
               long_message: bool = False, question_alias: str | None = None,
               word_match: str | None = None) -> tuple[str | None, str | None, float]:
    """(KB procedure, outside entry, confidence): `_named_procedure`, else the ranker's first choice when
    the alias matcher's word scores (`word_match`, no whole alias needed) agree with it."""
    chosen = _named_procedure(alias, ranking, t, long_message, question_alias)
    if chosen[0] is None and chosen[1] is None and ranking and word_match is not None:
        top, conf = ranking[0]
        if top == word_match and conf >= t.word_agreement:
            return top, None, conf
    return chosen


def _named_procedure(alias: str | None, ranking: Sequence[tuple[str, float]], t: Thresholds,
                     long_message: bool, question_alias: str | None) -> tuple[str | None, str | None, float]:
    """(KB procedure, outside entry, confidence) from the alias match and the ranking.

    The ranker has the last word: a literal alias inside a long story often names a neighbour ("sổ
    đỏ" in a question about a land transfer). The alias stands when the ranker agrees, has no
    opinion, or keeps it among its three likeliest; when they disagree, nothing is chosen and the
    citizen gets a menu of the likeliest procedures instead of a card about the wrong one.
    """
    top, conf = ranking[0] if ranking else (NONE_LABEL, 0.0)
    likeliest = [label for label, _ in ranking[:3]]
    if top.startswith(OUTSIDE_PREFIX) and conf >= t.outside:
        return None, top.removeprefix(OUTSIDE_PREFIX), conf
    kb_top = is_kb_label(top)
    if long_message:
        # In a story an alias may name a neighbour; when the ranker, which reads the whole story, puts
        # that very procedure first, the two agree and the alias stands ("…mới đi làm KT3. Liệu tôi đã
        # đủ thời gian để được nhập khẩu chưa?": alias thuong_tru, ranker thuong_tru 0.35).
        # The alias of the question sentence counts the same way: "…có đăng ký tạm trú ở đó. Tôi không
        # rõ có đủ điều kiện đăng ký thường trú hay không?" (whole message: tạm trú; question: thường trú).
        for named in (alias, question_alias):
            floor = t.agreeing_alias if question_alias in (None, named) else t.disputed_alias
            if named and top == named and conf >= floor:
                return named, None, max(conf, t.procedure)
        alias = None
    if alias:
        if top == alias:
            return alias, None, max(conf, 0.8)
        if kb_top and conf >= t.override_alias:
            return top, None, conf
        if top == NONE_LABEL or alias in likeliest:
            return alias, None, 0.8
        return None, None, 0.0
    if kb_top and conf >= t.procedure:
        return top, None, conf
    return None, None, 0.0


def decide(text: str, intent: str, confidence: float, alias: str | None,
           ranking: Sequence[tuple[str, float]], t: Thresholds = DEFAULT_THRESHOLDS,
           question_alias: str | None = None, word_match: str | None = None,
           complaint_score: float | None = None) -> Decision | None:
    """The interpreted message, or None to keep the classifier's reading unchanged.

    `alias` is the best alias match of the whole message, `question_alias` that of its question
    sentence(s) when the message has several sentences, `word_match` the key the alias matcher
    scores highest on words alone (whole alias or not), `complaint_score` the complaint model's
    probability that the whole message is a complaint (None without the model)."""
    if not text.strip() or text.startswith("/"):
        return None
    norm = normalize(text)
    words = len(norm.split())
    if intent in SHORT_INTENTS and confidence >= t.keep_flow and (
            words <= 4 or (alias is None and words <= t.short_max_words and confidence >= t.sure_short)):
        # "cảm ơn nhé, thông tin hữu ích lắm" is a thank-you, whatever the ranker reads into "hữu ích"
        return None
    if (intent in QUESTION_INTENTS or intent == "out_of_scope") and alias is None and _nothing_administrative(
            norm, words, ranking, t):
        # "quán bún bò nào ngon nhất gần hồ Tây": a question, but about nothing an office does;
        # follow-ups ("nộp ở đâu vậy", "mất mấy ngày", "bao nhiêu tiền") name an aspect or an action. A
        # refusal the classifier was unsure of stands too ("giá vàng hôm nay bao nhiêu": out of scope 0.49,
        # fee 0.47), instead of a menu of readings
        return Decision("out_of_scope", max(confidence, 0.5), reason="nothing administrative")
    ranker_sure = bool(ranking) and ranking[0][0] != NONE_LABEL and ranking[0][1] >= t.overrule_refusal and not (
        names_something_else(ranking[0][0], norm))
    if intent == "out_of_scope" and confidence >= t.keep_flow and alias is None and not ranker_sure and not (
            _cue_named(text, ranking)):
        # "vay tín chấp…" is not "thế chấp": only a named procedure, or a ranker sure of one ("nhận lương
        # hưu qua tài khoản" → the pension payment change), overrules a sure refusal
        return None
    procedure, outside, proc_conf = _procedure(alias, ranking, t, long_message=words > t.alias_max_words,
                                               question_alias=question_alias, word_match=word_match)
    procedure, outside = foreign_reading(norm, procedure, outside, short=words <= t.alias_max_words)
    if procedure is not None and (sibling := sibling_of(procedure, norm)) is not None:
        # "chứng thực chữ ký của phiên dịch viên": the catalogue's own procedure, not the neighbour's card
        procedure, outside = None, sibling
    if procedure is not None and names_something_else(procedure, norm):
        procedure = None
    if procedure is not None and _outside_rival(procedure, ranking, t):
        procedure = None
    if procedure is None and outside is None:
        outside = _unlisted_outside(ranking, t)
    found = procedure is not None or outside is not None
    worded = complains(text, norm)
    # The complaint model reads long stories only (see `complaint_min_words`); the classifier reads short ones whole
    long_score = complaint_score if words > t.complaint_min_words else None
    modelled = long_score if long_score is not None and intent != "ask_application_status" else 0.0
    complaint = worded or (intent != "give_feedback" and modelled >= t.complaint_model)
    filed = bool(FILED.search(norm))
    # A clear procedure, a question mark and no word of complaint: a question, whatever the classifier
    # says ("Chuyển đất nông nghiệp… là nhu cầu thực tế. Vậy người dân cần nộp những khoản tiền nào?").
    # A short one may ask without the mark ("đổi bằng lái mất mấy tháng vậy mọi người").
    part = question_part(text)
    folded_part = normalize(part)
    asking = asks_something(text, norm, folded_part)
    asks = "?" in part or (words <= t.alias_max_words and asking)
    # Read as feedback, no word of complaint: a question when it asks as above, or asks at all about one procedure
    # the ranker is sure of (a long story without a question mark)
    sure = procedure is not None and proc_conf >= t.sure_question
    # ...or, in a long story, asks at all when the complaint model is sure it is no complaint
    unlikely_complaint = long_score is not None and long_score <= t.no_complaint
    # ...or, with words of complaint in the story, asks about one procedure the ranker is sure of, when the complaint
    # model is sure the whole message is no complaint and the question is not where to complain ("…bệnh viện không
    # chịu. Trường hợp sau này tôi mang thẻ và hóa đơn lên thì có được thanh toán lại chi phí KCB không?"). 5-fold
    # CV, everything out of fold: covered right 318 → 320 of 434, nothing else moved
    questioned_story = complaint and sure and unlikely_complaint and asks and not ASKS_TO_COMPLAIN.search(folded_part)
    # ...or states a need (short: or a loss) of one's own about a procedure the ranker is sure of
    # (plain enough for a card: "ly hon xong muon doi ho cho con" at 0.74)
    stated_need = (not complaint and procedure is not None and proc_conf >= t.unsure_card
                   and bool(NEED.search(norm) if words <= t.alias_max_words else NEED_LONG.search(norm)))
    plain_question = intent == "give_feedback" and (
        (not complaint and (asks or (asking and (sure or unlikely_complaint)))) or questioned_story or stated_need)
    # A "where is my dossier" reading of a message with no dossier in it, that asks what to do or which papers ("vợ em
    # vừa đẻ bé trai hôm qua, giờ làm giấy tờ gì cho bé ạ" read as status at 0.83): a question, not the status guidance.
    # A card only when the procedure is plain (`unsure_card`; below it cards are right about three times in five), a
    # menu of the likeliest procedures otherwise. No train+dev question is read so; written from Chromium
    no_dossier = (intent == "ask_application_status" and not filed and not SUBMITTED.search(norm)
                  and bool(HOW_TO.search(folded_part)))
    if no_dossier and found and proc_conf < t.unsure_card:
        procedure, outside, found = None, None, False
    if intent in FLOW_INTENTS and not plain_question and not no_dossier:
        if intent == "ask_application_status" and complaint and (not filed or ASKS_TO_COMPLAIN.search(folded_part)):
            # "Đã bỏ sổ hộ khẩu mà đi làm giấy tờ còn đòi giấy xác nhận cư trú": nothing was filed; or the
            # question asks where to complain about the dossier
            return Decision("give_feedback", max(confidence, 0.5), procedure, outside, "complaint, no dossier")
        flow_words = complaint if intent == "give_feedback" else filed
        keep = t.keep_status if intent == "ask_application_status" and found else t.keep_flow
        if intent in {"check_feedback_status", "request_human"} or confidence >= keep or flow_words:
            return Decision(intent, confidence, procedure, outside, "flow kept") if found else None
    if complaint and not asking:
        return Decision("give_feedback", max(confidence, 0.5), procedure, outside, "complaint words, no question")
    if worded and modelled >= t.sure_complaint and intent != "give_feedback":
        return Decision("give_feedback", max(confidence, 0.5), procedure, outside, "a complaint that asks")
    if intent != "give_feedback" and filed and SUBMITTED.search(norm):
        return Decision("ask_application_status", max(confidence, 0.5), procedure, outside, "a dossier already filed")
    if not found:
        if complaint and intent != "give_feedback":
            # Words of complaint and no procedure ("Kính gửi UBND…, tôi xin hỏi trách nhiệm của cán bộ…"): a
            # menu of procedures cannot help; the feedback form can (train+dev: the only two such messages
            # were complaints)
            return Decision("give_feedback", max(confidence, 0.5), reason="complaint words, no procedure")
        if no_dossier:
            return Decision(asked_intent(text, part, folded_part, intent), confidence, reason="a question, no dossier")
        if plain_question and HOW_TO.search(folded_part) and not (
                ranking and ranking[0][0] == NONE_LABEL and ranking[0][1] >= t.none_question):
            # "Tôi có em gái muốn li hôn nhưng không biết thủ tục… như thế nào?": a question about some
            # procedure, not a complaint; a menu of the likeliest ones (and the feedback button) serves it
            # better than the feedback form. A ranker sure it names no procedure keeps the feedback reading
            # ("Sao hồ sơ của tôi lại như vậy?").
            return Decision(asked_intent(text, part, folded_part, intent), confidence, reason="a question, procedure unclear")
        # An alias the ranker did not confirm is dropped, so that no card follows from it.
        return Decision(intent, confidence, reason="alias not confirmed") if alias else None
    new_intent = asked_intent(text, part, folded_part, intent)
    return Decision(new_intent, max(confidence, proc_conf), procedure, outside,
                    "procedure question" if procedure else "outside the catalogue")
