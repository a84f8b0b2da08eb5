"""The alias extractor also reports the procedure named in the question sentence of a long message (run in
Rasa's virtualenv, through the component's own `process`)."""

from __future__ import annotations

from pathlib import Path

from tests.support.rasa_script import run_rasa_script

SCRIPT = r'''
import json
from rasa.shared.nlu.training_data.message import Message
from vi_nlu.procedure_extractor import QUESTION_ALIAS_KEY, ProcedureEntityExtractor

aliases = [["đăng ký tạm trú", "tam_tru"], ["đăng ký thường trú", "thuong_tru"], ["khai sinh", "khai_sinh"]]
extractor = ProcedureEntityExtractor({}, None, None, aliases)
texts = {
    "story": ("Hai vợ chồng tôi thuê nhà ở Đà Nẵng đã bốn năm và có đăng ký tạm trú ở đây. "
              "Xin hỏi chúng tôi có đủ điều kiện đăng ký thường trú không?"),
    "unaccented": ("hai vo chong toi thue nha o da nang da bon nam va co dang ky tam tru o day. "
                   "xin hoi chung toi co du dieu kien dang ky thuong tru khong?"),
    "one_sentence": "Cho hỏi đăng ký tạm trú cần giấy tờ gì?",
    "no_alias_in_question": "Tôi có đăng ký tạm trú ở quận 7. Giờ tôi phải làm gì tiếp theo?",
}
out = {}
for key, text in texts.items():
    message = Message(data={"text": text})
    extractor.process([message])
    out[key] = {"question_alias": message.get(QUESTION_ALIAS_KEY),
                "entities": [e["value"] for e in message.get("entities", [])]}
print(json.dumps(out))
'''


def test_the_question_sentences_alias_is_reported_beside_the_whole_messages(tmp_path: Path) -> None:
    out = run_rasa_script(SCRIPT, tmp_path)
    for key in ("story", "unaccented"):
        found = out[key]
        assert isinstance(found, dict) and found["question_alias"] == "thuong_tru", key
        assert len(found["entities"]) == 1  # still one `procedure` entity: the slot is filled once
    one_sentence = out["one_sentence"]
    assert isinstance(one_sentence, dict)
    assert one_sentence["question_alias"] is None and one_sentence["entities"] == ["tam_tru"]
    no_alias = out["no_alias_in_question"]
    assert isinstance(no_alias, dict) and no_alias["question_alias"] is None
