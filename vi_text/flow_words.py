"""Words that make a message a complaint about a service, or about a dossier already filed."""

from __future__ import annotations

import re

from vi_text.text import strip_diacritics

# Words of a complaint or a suggestion about a service (a PAKN), over normalize()d text. Polite
# formulas ("làm phiền anh chị", "đề nghị tòa soạn cho biết") are not complaints and are left out.
COMPLAINT = re.compile(
    r"\b(phan anh|kien nghi|khieu nai|to cao|buc xuc|buc minh|gay kho|gay phien|nhung nhieu|hach dich|"
    r"thai do|vo trach nhiem|tieu cuc|tien boi duong|boi duong|lam kho|keo dai|cham tre|tre hen|qua hen|"
    r"tre han|khong giai quyet|khong tra loi|dun day|day dua|kho chiu|phien ha|phien phuc|phien that|"
    r"nhieu khe|vat va|hanh dan|hanh ha|(?<!lien )quan lieu|cau gat|to tieng|qua tai(?! khoan)|un tac|ach tac|bat cap|"
    r"bat hop ly|vo ly|that vong|gop y|cho dai co|mat ca buoi|mat ca ngay|mat nhieu ngay|di lai nhieu lan|"
    r"di di lai lai|di lai mai|cho mai|cho hoai|xep hang tu|bat (nguoi dan|dan|chung toi|toi|em) (phai )?"
    r"(ve|di|nop|bo sung|lam lai|cho)|doi them giay to|yeu cau them giay to|thu them|thu sai|"
    r"de nghi (xem xet|lam ro|kiem tra|co quan chuc nang|cac co quan|cap tren|xu ly)|yeu cau (xu ly|lam ro)|"
    r"noi kho|kho so|khong chiu|ngam (ho so|toi|den|may)|phuc tap|phat sinh (them|chi phi|khoan|tien)|sao lai|mat thoi gian|lang phi|"
    r"y nghia gi|ton (rat |kha |qua )?(nhieu )?(cong suc|thoi gian|tien xe|cong)|con doi|lai doi|van doi|"
    # rhetorical questions of a complaint: "họ làm việc kiểu gì thế?", "không lẽ… hay sao?", "đổ cho nhau"
    r"kieu gi (the|vay)|khong le|hay sao|chang co (ai|mot ai)|khong co ai (truc|lam viec|giai quyet)|(?<!so )do cho|"
    r"do loi cho|do trach nhiem|"
    # money and months spent on it: "tốn 140.000 đồng xe ôm mà đến nơi lại hết số", "phải mất 10 tháng mới…"
    r"ton (gan |hon |den |toi |ca )?[0-9][0-9.,]* (dong|nghin|ngan|trieu)|"
    r"mat (gan |hon |den |toi |ca )?[0-9]+ (thang|nam|tuan) moi|lai het so|tien xe|"
    # opinions and proposals about a rule, and the toll of the errands
    r"khong dong tinh|khong nen quy dinh|nen (bo|sua doi|xay dung) quy dinh|(toi|chung toi|em) (xin )?de xuat|"
    r"mong (nha nuoc|chinh phu|cac cap|co quan chuc nang)|gian nan|khong them|it nhat [0-9]+ lan|qua suc(?! khoe)|"
    # officials still demanding a paper, hours of waiting, errands that fail: "cán bộ phường vẫn yêu cầu sổ hộ
    # khẩu", "chắc phải chờ đến tối", "mất quá nhiều thời gian", "đăng ký không thành công vì vô số lý do"
    r"van (yeu cau|bat)|ai ngo|mat (qua |rat |kha )?nhieu thoi gian|khong thanh cong|vo so ly do|"
    r"cho den (toi|trua|chieu|khuya|[0-9]+ ?h)|"
    # hours and days spent waiting, harassment, a riddle of a procedure: "phải chờ cả 2 giờ đồng hồ", "chờ ở đây 3 ngày
    # rồi", "bị công an khu vực hành đúng 1 năm trời", "hướng dẫn mỗi nơi một kiểu… quả là đánh đố nhau". Read from
    # train+dev complaints that got a card or a menu; 5-fold CV, everything out of fold: complaints 144 → 148 of 164,
    # nothing else moved ("chờ 15 ngày" alone, "thực hành", "ban hành" are no complaint)
    r"cho (ca|den|mat|het|o day) [0-9]+ (gio|tieng|ngay|buoi)|bi( \w+){1,4} hanh (dung|toi|ca|suot|may)|danh do|"
    r"moi noi mot kieu|"
    # cumbersome and curt: "thủ tục khai sinh rườm rà quá", "làm căn cước mà lằng nhằng quá trời", "nói chuyện cộc lốc"
    # (Chromium probes; no train+dev question has them); effort wasted, "…phải khám dịch vụ khá mất công, tốn kém" (not
    # "đỡ mất công" / "khỏi mất công"; 5-fold CV, everything out of fold: complaints 152 → 153 of 168, nothing else
    # moved; "tốn kém" also took a covered question's card, "có tốn kém không" asks)
    r"ruom ra|lang nhang|loang ngoang|coc loc|hach sach|(?<!do )(?<!khoi )mat cong|"
    # what a rule does to people: "…ngắn như vậy khiến người dân mệt mỏi, tốn kém" (5-fold CV: complaints 153 → 154)
    r"khien (nguoi dan|dan|chung toi|toi|moi nguoi) (\w+ ){0,2}(met moi|kho|ton kem|vat va|buc xuc|mat thoi gian)|"
    # money taken without a receipt, a paper held back: "họ đã tự ý thu tiền và không có biên lai chứng từ gì cả", "bị
    # công an khu vực hành quá đỗi" (read from train+dev complaints that got a card)
    r"tu y thu|thu (?:\w+ ){0,4}khong (?:co )?bien lai|bi( \w+){1,4} hanh qua)\b"
)
# Complaint words whose unaccented form is also an everyday phrase: "nhũng nhiễu" (harass) folds into
# "nhưng nhiều" (but many), "đổ cho" (blame) into "đỏ cho" / "đó cho". In a message written with diacritics only the accented word counts.
ACCENTED_COMPLAINT = {"nhung nhieu": "nhũng nhiễu", "do cho": "đổ cho", "do loi cho": "đổ lỗi cho",
                       "do trach nhiem": "đổ trách nhiệm"}
FILED = re.compile(
    # an appointment given at the desk ("được hẹn 24/1 đến nhận quyết định", "ngày hẹn"): 5-fold CV, everything out of
    # fold: status 19 → 20 of 23, nothing else moved
    r"\b(tra cuu ho so|tinh trang ho so|ma ho so|giay hen|phieu hen|bien nhan|hen tra|duoc hen|ngay hen|"
    # "hồ sơ (đang) ở đâu" is a filed dossier; "nộp hồ sơ ở đâu" asks where to file one
    r"(?<!nop )(?<!gui )(?<!lam )(?<!nop lai )ho so (cua (toi|em|minh|chau) )?(dang )?(o dau|den dau|toi dau)|"
    r"(den nay|van|ma|nhung) chua (nhan|co|thay|duoc (nhan|tra|giai quyet|duyet|chi tra|cap))|"
    r"chua (nhan duoc|co|thay|thay co) (ket qua|tien|the|so|giay)|chua tra (ket qua|ho so|so|the|giay)|qua hen|tre hen|xong chua|biet (\w+ ){0,6}da (lam )?xong)\b"
)
# The question asks where or how to complain ("…vẫn chưa được cấp sổ đỏ. Xin hỏi… có thể khiếu nại việc này đến
# cơ quan nào"): the feedback form, even about a dossier already filed.
ASKS_TO_COMPLAIN = re.compile(r"\b(khieu nai|phan anh|to cao|kien nghi)\b")
# Something was filed: a dossier sent, or a benefit granted whose money has not come ("vẫn chưa nhận được
# tiền trợ cấp thai sản", "nhận quyết định hưởng trợ cấp thất nghiệp… vẫn chưa được chi trả").
SUBMITTED = re.compile(r"\b(nop|gui)\b|\bho so\b|\bchua (duoc )?(nhan|chi tra) (duoc )?(tien|tro cap)\b|"
                       r"\bquyet dinh huong\b")


def complains(text: str, norm: str) -> bool:
    """Words of a complaint in the message (`norm` is its normalize()d text); a homograph written with
    diacritics counts only in its accented complaint form."""
    accented = strip_diacritics(text) != text
    lowered = text.lower()
    for match in COMPLAINT.finditer(norm):
        word = ACCENTED_COMPLAINT.get(match.group(0))
        if word is None or not accented or word in lowered:
            return True
    return False
