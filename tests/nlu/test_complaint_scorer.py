"""The complaint scorer learns whole real messages (complaint or not) and reads a story's complaint; Rasa's
cache retrains it when its training file changes (run in Rasa's virtualenv)."""

from __future__ import annotations

from pathlib import Path

from tests.support.rasa_script import run_rasa_script

SCRIPT = r'''
import json, sys
from pathlib import Path
import vi_nlu.complaint_scorer as cs
from vi_nlu.ranker_model import ProcedureRankerModel

folder = Path(sys.argv[1])
complaints = [
    "Tôi đến phường ba lần vẫn bị trả hồ sơ, cán bộ hẹn lên hẹn xuống mà không giải thích",
    "Hồ sơ trễ hẹn hai tháng rồi, gọi điện không ai nghe, thật quá bức xúc",
    "Cán bộ một cửa thu thêm tiền ngoài lệ phí, không có biên lai",
    "Chờ từ sáng đến chiều vẫn chưa tới lượt, bộ phận một cửa làm việc quá chậm",
]
questions = [
    "Cho tôi hỏi làm giấy khai sinh cho con cần những giấy tờ gì?",
    "Đăng ký kết hôn ở đâu, mất bao lâu?",
    "Lệ phí cấp đổi căn cước là bao nhiêu?",
    "Tôi muốn sang tên xe máy mua lại thì làm thế nào?",
]
rows = [{"text": t, "intent": "give_feedback"} for t in complaints] + [
    {"text": t, "intent": "ask_documents"} for t in questions] + [{"text": "", "intent": "ask_fee"}, {"text": "x"}]
train = folder / "train.jsonl"
train.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
pairs = cs.complaint_pairs([train])
model = ProcedureRankerModel.fit([t for t, _ in pairs], [l for _, l in pairs], c=1.0, weighting="balanced")
story = "Tôi nộp hồ sơ ở phường, cán bộ hẹn lên hẹn xuống ba lần vẫn trả hồ sơ"
plain = "Cho tôi hỏi làm giấy khai sinh mất bao lâu?"
config = {"real_files": [str(train)]}
before = cs.ComplaintScorer.fingerprint_addon(config)
train.write_text(train.read_text(encoding="utf-8") + json.dumps({"text": "thêm", "intent": "ask_fee"}) + "\n",
                 encoding="utf-8")
after = cs.ComplaintScorer.fingerprint_addon(config)
print(json.dumps({"pairs": len(pairs), "labels": sorted({l for _, l in pairs}),
                  "story": cs.complaint_probability(model, story), "plain": cs.complaint_probability(model, plain),
                  "changed": before != after, "paths": [str(p) for p in cs.ComplaintScorer.real_paths(config)]}))
'''


def test_a_complaint_story_scores_above_a_plain_question_and_the_cache_key_follows_the_data(tmp_path: Path) -> None:
    out = run_rasa_script(SCRIPT, tmp_path)
    assert out["pairs"] == 8  # an empty text and an item without intent teach nothing
    assert out["labels"] == ["complaint", "other"]
    story, plain = out["story"], out["plain"]
    assert isinstance(story, float) and isinstance(plain, float)
    assert story > 0.5 > plain
    assert out["changed"] is True
    assert out["paths"] == [str(tmp_path / "train.jsonl")]  # an absolute training file is used as it is


NO_MODEL = r'''
import json, sys, logging
from pathlib import Path
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
import vi_nlu.complaint_scorer as cs
import vi_nlu.procedure_ranker as pr

records = []
handler = logging.Handler()
handler.emit = lambda record: records.append(record.getMessage())
logging.getLogger("vi_nlu.linear_component").addHandler(handler)
storage = LocalModelStorage(Path(sys.argv[1]))
context = ExecutionContext(GraphSchema({}), "test")
scorer = cs.ComplaintScorer.load({}, storage, Resource("missing_scorer"), context)
ranker = pr.ProcedureRanker.load({}, storage, Resource("missing_ranker"), context)
message = Message.build(text="Tôi đến phường ba lần vẫn bị trả hồ sơ, cán bộ hẹn lên hẹn xuống")
scorer.process([message])
ranker.process([message])
print(json.dumps({"score": message.get(cs.SCORE_KEY), "ranking": message.get(pr.RANKING_KEY), "logged": records}))
'''


def test_without_a_trained_model_a_message_gets_no_score_and_no_ranking_and_the_log_says_why(tmp_path: Path) -> None:
    out = run_rasa_script(NO_MODEL, tmp_path)
    assert out["score"] is None  # the turn logic then reads the message as it did before the scorer existed
    assert out["ranking"] == []
    logged = out["logged"]
    assert isinstance(logged, list)
    assert any("ComplaintScorer: no trained model" in line and "no complaint score" in line for line in logged)
    assert any("ProcedureRanker: no trained model" in line and "ranking nothing" in line for line in logged)
