"""Paper-and-event cues: a lost paper names its re-issue, a damaged or expired one its exchange (a damaged
căn cước its re-issue, as the law has it); deaths, durations and fees do not."""

from __future__ import annotations

import pytest

from vi_text.cues import find_cue


@pytest.mark.parametrize(("text", "procedure"), [
    ("bị móc túi mất căn cước ở chợ thì làm lại thế nào", "can_cuoc_cap_lai"),
    ("em mat cccd roi lam lai o dau", "can_cuoc_cap_lai"),
    ("lỡ làm mất bìa đỏ thì xin lại ở đâu", "gcn_cap_lai"),
    ("CCCD bị mất thì có phải báo công an không?", "can_cuoc_cap_lai"),
    ("đánh rơi thẻ căn cước gắn chip ngoài chợ", "can_cuoc_cap_lai"),
    ("Do lưu giữ không cẩn thận nên tôi có làm mất Giấy chứng nhận quyền sử dụng đất", "gcn_cap_lai"),
    ("mat so do lam lai bao lau", "gcn_cap_lai"),
    ("Vừa qua do sơ suất nên tôi đã làm rơi mất giấy phép lái xe vẫn còn hạn sử dụng.", "gplx_doi_cap_lai"),
    ("đi du lịch bị mất hộ chiếu", "bao_mat_ho_chieu"),
    ("sổ bhxh bị thất lạc khi chuyển công ty", "so_bhxh_cap_lai"),
    ("biển số xe máy của em bị mất, xin cấp lại được biển số do bị mất hay không", "dang_ky_xe_cap_lai"),
    ("bi mat ca vet xe thi lam sao", "dang_ky_xe_cap_lai"),
    ("mất sổ hồng thì làm lại ở đâu", "gcn_cap_lai"),
    ("cần giấy chứng tử của ba tôi nhưng làm mất giấy chứng tử rồi", "trich_luc_ho_tich"),
    ("Tôi muốn cấp lại đăng ký xe ô tô bị mất thì cần những thủ tục gì?", "dang_ky_xe_cap_lai"),
    ("Trên đường đi làm tôi bị đánh rơi giấy tờ, trong đó có căn cước công dân.", "can_cuoc_cap_lai"),
    ("Trong trường hợp sổ hồng bị lũ cuốn trôi, cần làm gì để được cấp lại?", "gcn_cap_lai"),
    ("Vậy lỡ bị mất thì thủ tục làm lại CCCD gắn chip thực hiện thế nào?", "can_cuoc_cap_lai"),
    # Luật Căn cước 2023 Điều 24 khoản 2 điểm a: a card damaged beyond use is re-issued, not exchanged
    ("thẻ căn cước bị hỏng chip thì đổi ở đâu", "can_cuoc_cap_lai"),
    ("cccd cua e bi gay doi roi", "can_cuoc_cap_lai"),
    # Luật BHYT Điều 18 and 19: a lost card is re-issued, a torn one exchanged, both the KB's "cấp lại, đổi thẻ" entry
    ("mình sơ suất làm mất thẻ bảo hiểm y tế học sinh của con, làm lại được không", "doi_noi_kcb_bhyt"),
    ("mat the bhyt lam lai o dau", "doi_noi_kcb_bhyt"),
    ("thẻ BHYT bị rách có dùng được không", "doi_noi_kcb_bhyt"),
])
def test_a_lost_paper_names_its_reissue(text: str, procedure: str) -> None:
    cue = find_cue(text)
    assert cue is not None and cue.procedure == procedure, cue


@pytest.mark.parametrize(("text", "procedure"), [
    ("CCCD của tôi còn 1 tháng nữa là hết hạn, làm lại ở đâu?", "can_cuoc_cap_doi"),
    ("cccd het han thi co bi phat khong", "can_cuoc_cap_doi"),
    ("sổ đỏ nhà tôi đã bị rách, ố hết", "gcn_cap_doi"),
    ("sổ hồng bị mờ chữ", "gcn_cap_doi"),
    ("giấy đỏ nhà em đã bị rách mất một góc", "gcn_cap_doi"),  # "giấy đỏ", "bìa đỏ": the same certificate
    ("khi sổ hồng đã quá cũ thì văn phòng đăng ký đất đai cấp đổi được không?", "gcn_cap_doi"),
    ("bằng lái xe sắp hết hạn", "gplx_doi_cap_lai"),
    ("hộ chiếu hết hạn rồi làm sao", "ho_chieu"),
    ("biển số xe máy bị mờ đi không thấy rõ", "dang_ky_xe_doi"),
])
def test_a_damaged_or_expired_paper_names_its_exchange(text: str, procedure: str) -> None:
    cue = find_cue(text)
    assert cue is not None and cue.procedure == procedure, cue


@pytest.mark.parametrize("text", [
    "làm CCCD mất bao lâu",  # "mất" of a duration
    "làm sổ đỏ mất phí bao nhiêu",  # of a cost
    "bố tôi mất, sổ đỏ đứng tên bố thì sang tên thế nào",  # a death, then the paper in another clause
    "mẹ mất để lại sổ đỏ",  # a death before the paper
    "ông nội mất sổ hồng đứng tên ông",  # kin before a bare "mất": read as a death
    "mất chứng minh nhân dân cũ",  # the old card is no cue (a căn cước is issued, not re-issued)
    "làm mất cả căn cước lẫn sổ bảo hiểm xã hội bị mất",  # two papers: the ranker and the menu decide
    "Tôi có sổ hồng, muốn mở cửa hàng",  # "mở" (open) is not "mờ" without "bị"
    "sổ đỏ mang tên bố, đất đã hết hạn sử dụng",  # the land use term, not the paper, expires
    "xe máy bị mất trộm thì làm sao",  # the vehicle, not its registration
    "nếu bố tôi mất thì sổ đỏ sang tên thế nào",  # a death supposed, not a loss
    "đăng ký xe máy ở đâu, mất bao lâu",
    "cà vẹt bị rách",  # the KB files a torn registration under re-issue and exchange alike: no cue
    "thẻ bhyt hết hạn rồi đi khám có được thanh toán không",  # an expired card: renewal or the care paid for
    "",
])
def test_no_cue_where_mat_is_not_a_loss(text: str) -> None:
    assert find_cue(text) is None


def test_a_theft_in_the_sentence_that_names_the_paper() -> None:
    cue = find_cue("Hôm qua đi chợ em bị móc túi, trong ví có cái cccd gắn chip. Giờ em phải làm sao ạ?")
    assert cue is not None and cue.procedure == "can_cuoc_cap_lai"
    assert find_cue("Hôm qua em bị móc túi. Làm căn cước cho con 14 tuổi cần gì?") is None  # another sentence



@pytest.mark.parametrize(("text", "expected"), [
    # a night at someone's home is a stay to notify (lưu trú), not a temporary residence
    ("Có phải bị phạt nếu ngủ qua đêm tại nhà người yêu mà không đăng ký tạm trú?", "thong_bao_luu_tru"),
    ("ban toi o lai qua dem co phai bao cong an khong", "thong_bao_luu_tru"),
    ("làm ca qua đêm ở công ty có phải đăng ký tạm trú không", None),  # a night shift is no stay
    ("tôi ở trọ đã 2 năm, đăng ký tạm trú thế nào", None),
    # an age milestone or a merger beside the căn cước is an exchange
    ("Tôi làm CCCD vào năm tôi 24 tuổi, vậy 25 tuổi tôi có phải đổi lại không?", "can_cuoc_cap_doi"),
    ("sap nhap tinh thi can cuoc co phai doi khong", "can_cuoc_cap_doi"),
    ("con 14 tuổi làm căn cước ở đâu", None),  # at 14 a first card is as likely as an exchange
    ("bị mất căn cước, sắp 25 tuổi", None),  # a loss and an exchange: the ranker and the menu decide
    ("tỉnh sắp sáp nhập, sổ đỏ có phải đổi không", None),  # the exchange rule is the căn cước's
    # changing one's ethnicity is a civil-status change, not a birth registration
    ("Bây giờ tôi muốn thay đổi dân tộc của mình theo dân tộc Mường của mẹ tôi có được không?", "cai_chinh_ho_tich"),
    ("muon doi sang dan toc kinh cho con", "cai_chinh_ho_tich"),
    ("con tôi khi sinh sẽ theo dân tộc của cha hay mẹ khi khai sinh?", None),
    ("tôi muốn đổi cho con theo dân tộc của mẹ là Sán Dìu", "cai_chinh_ho_tich"),
    # sitting the driving test is the first licence
    ("tôi nghe nói 16 tuổi có thể thi bằng lái xe được rồi, có đúng không?", "gplx_cap_moi"),
    ("thi gplx hang A1 o dau", "gplx_cap_moi"),
])
def test_events_the_law_names_settle_the_procedure(text: str, expected: str | None) -> None:
    cue = find_cue(text)
    assert (cue.procedure if cue else None) == expected, cue


def test_an_event_of_a_procedure_outside_the_catalogue_names_it_beside_its_kb_look_alike() -> None:
    # written for this test
    refund = find_cue("Tôi đi khám, bệnh viện hết thuốc phải tự mua ngoài. Bảo hiểm y tế có thanh toán lại không?")
    assert refund is not None and refund.procedure == "outside:bhyt_thanh_toan_truc_tiep"
    assert find_cue("bhyt co tra lai tien thuoc mua ngoai khong") is not None
    recovery = find_cue("Sau khi hết nghỉ thai sản đi làm lại, tôi có được nghỉ dưỡng sức phục hồi sức khỏe không?")
    assert recovery is not None and recovery.procedure == "outside:bhxh_duong_suc"
    found = find_cue("Tôi làm rơi hộ chiếu ở sân bay và đã báo mất. Nay tìm lại được hộ chiếu thì dùng tiếp được không?")
    assert found is not None and found.procedure == "outside:khoi_phuc_ho_chieu"  # found again after the loss


def test_checking_again_a_health_insurance_card_is_no_refund() -> None:
    # "kiểm tra lại" folds to "kiem tra lai": not "trả lại"; a lost card stays a card question
    cue = find_cue("Hôm trước kiểm tra lại giấy tờ thì tôi phát hiện đã làm mất thẻ bảo hiểm y tế của con")
    assert cue is None or not cue.procedure.startswith("outside:")
    assert find_cue("Thẻ bảo hiểm y tế hết hạn thì gia hạn ở đâu?") is None
    lost = find_cue("Tôi làm rơi hộ chiếu ở sân bay, giờ phải báo mất ở đâu?")
    assert lost is not None and lost.procedure == "bao_mat_ho_chieu"


@pytest.mark.parametrize("text", [
    "Bố tôi đang hưởng lương hưu, tuần trước ông qua đời. Gia đình được nhận chế độ gì?",
    "chong em mat thang truoc, anh ay dong bhxh 12 nam, em co duoc tro cap gi khong",
    "Anh tôi bị tai nạn lao động và tử vong, chị dâu được hưởng những quyền lợi gì từ bảo hiểm xã hội?",
    "me minh ve huu roi moi mat, tien tuat nhan o dau",
    "ông nhà tôi đang lĩnh lương hưu thì bị chết vì tai nạn giao thông, tôi được hưởng chế độ gì",
])
def test_the_death_of_an_insured_person_names_the_survivors_benefits(text: str) -> None:
    # Luật BHXH 2024 Điều 84–86: funeral grant and survivor allowance, not the pension or the accident benefit
    cue = find_cue(text)
    assert cue is not None and cue.procedure == "bhxh_tu_tuat", cue


@pytest.mark.parametrize("text", [
    "bố tôi mới mất, làm giấy chứng tử ở đâu",  # the death registration
    "bo toi mat, lam lien thong khai tu va mai tang phi the nao",  # the joint procedure
    "toi bi mat viec, dong bhxh 5 nam thi duoc huong tro cap gi",  # a lost job is no death
    "neu khong chot so thi thoi gian dong bhxh cua toi co mat di khong, co duoc huong che do gi",  # "có mất"
    "thai bi chet luu thi co duoc huong che do thai san khong, em dong bhxh 2 nam",  # a stillbirth: maternity
    "ông tôi là thương binh, đã qua đời, gia đình có được trợ cấp mai táng không",  # people with merit: their own
    "bố tôi mất sổ bhxh thì có được hưởng chế độ không",  # a lost book
])
def test_no_survivors_cue_without_an_insured_death_and_a_question_about_benefits(text: str) -> None:
    cue = find_cue(text)
    assert cue is None or cue.procedure != "bhxh_tu_tuat", cue


@pytest.mark.parametrize(("text", "procedure"), [
    # Luật Hộ tịch 2014 Điều 33: the relatives register a death within 15 days
    ("ông nội em vừa qua đời, gia đình cần làm thủ tục gì", "khai_tu"),
    ("bo toi mat tuan truoc, can lam giay to gi", "khai_tu"),
    ("mẹ mình vừa mất ở bệnh viện, làm giấy chứng tử ở đâu", "khai_tu"),
    # Luật Hộ tịch 2014 Điều 15: the parents register a birth within 60 days (written for this test)
    ("vo em vua de be trai hom qua, gio lam giay to gi cho be a", "khai_sinh"),
    ("vợ em vừa đẻ bé trai hôm qua, giờ làm giấy tờ gì cho bé ạ", "khai_sinh"),
    ("con mới chào đời, cần làm thủ tục gì", "khai_sinh"),
    ("chau toi moi ra doi tuan truoc, lam khai sinh can gi", "khai_sinh"),
])
def test_a_death_or_a_birth_and_what_to_do_names_its_registration(text: str, procedure: str) -> None:
    cue = find_cue(text)
    assert cue is not None and cue.procedure == procedure, cue


@pytest.mark.parametrize("text", [
    "me toi moi mat, so do dung ten me, lam the nao",  # the land certificate: its own procedures
    "bo toi moi mat, lam lien thong khai tu the nao",  # the joint procedure
    "ba toi qua doi, xoa ho khau cho ba the nao",  # removing the residence registration
    "ông tôi mất rồi, nhận tiền mai táng ở đâu",  # the funeral grant
])
def test_no_death_registration_cue_where_the_story_names_another_procedure(text: str) -> None:
    cue = find_cue(text)
    assert cue is None or cue.procedure != "khai_tu", cue


@pytest.mark.parametrize("text", [
    "tôi sinh con được hưởng chế độ thai sản gì",  # maternity benefits
    "mới sinh con thì làm liên thông khai sinh ở đâu",  # the joint procedure: the ranker reads it
    "Luật mới ra đời thì thủ tục có thay đổi không",  # a law, not a child
    "em mới sinh sống ở đây, làm tạm trú cần giấy tờ gì",  # "sinh sống"
    "tôi mới làm xong để nộp hồ sơ thì cần giấy tờ gì",  # "để" folds like "đẻ"
    "vợ tôi quốc tịch Mỹ mới sinh em bé bên đó, làm thủ tục gì cho con",  # abroad: not the domestic entry
])
def test_no_birth_cue_for_benefits_other_matters_or_lookalike_words(text: str) -> None:
    cue = find_cue(text)
    assert cue is None or cue.event != "birth", cue


# Luật Cư trú 2020 Điều 27 khoản 1: a stay of 30 days or more is registered as a temporary residence (written for
# this test: "bố mẹ lên ở cùng vài tháng…" got the short-stay notification's card)
@pytest.mark.parametrize(("text", "procedure"), [
    ("bố mẹ lên ở cùng vài tháng có phải báo công an không", "tam_tru"),
    ("em o tro 6 thang roi co phai dang ky gi khong", "tam_tru"),
    ("khách ngủ qua đêm ở nhà có phải báo không", "thong_bao_luu_tru"),
])
def test_the_length_of_a_stay_names_its_registration(text: str, procedure: str) -> None:
    cue = find_cue(text)
    assert cue is not None and cue.procedure == procedure, cue


@pytest.mark.parametrize("text", [
    "tôi sống ở đây 3 năm muốn nhập khẩu, có phải khai báo gì không",  # a condition of the permanent residence
    "em đi làm xa 2 năm có phải khai báo tạm vắng không",  # an absence
    "làm căn cước mất mấy tháng",  # a duration of processing
    "mẹ tôi ở cùng tôi 5 tháng nay",  # no question about reporting it
])
def test_no_long_stay_cue_beside_a_permanent_residence_an_absence_or_without_a_question(text: str) -> None:
    cue = find_cue(text)
    assert cue is None or cue.event != "long_stay", cue


# Luật Căn cước 2023 Điều 23: a child under six gets the căn cước through its guardian (written for this test: "con e 2
# tuoi lam cccd" got the card of the first issue from 14)
@pytest.mark.parametrize(("text", "procedure"), [
    ("con e 2 tuoi lam cccd dc ko ad", "can_cuoc_duoi_6"),
    ("bé 18 tháng tuổi làm căn cước ở đâu", "can_cuoc_duoi_6"),
    ("bố tôi sắp 60 tuổi thì đổi căn cước ở đâu", "can_cuoc_cap_doi"),
])
def test_an_age_beside_the_id_card_names_its_procedure(text: str, procedure: str) -> None:
    cue = find_cue(text)
    assert cue is not None and cue.procedure == procedure, cue


def test_no_under_six_cue_for_older_children_or_years() -> None:
    for text in ("con tôi 14 tuổi làm căn cước", "5 năm nữa mới phải đổi căn cước", "con 10 tuoi lam cccd"):
        cue = find_cue(text)
        assert cue is None or cue.event != "under_six", (text, cue)


@pytest.mark.parametrize("text", [
    # written for these tests: a wedding told in a few words, with a question about its papers
    "lay vo can giay to gi ad", "sắp cưới cần chuẩn bị những gì", "sắp lấy chồng thì đăng ký ở đâu",
    "con gái tôi sắp lấy chồng cần giấy tờ gì",
])
def test_a_short_question_about_a_wedding_names_the_marriage_registration(text: str) -> None:
    cue = find_cue(text)
    assert cue is not None and (cue.procedure, cue.event) == ("ket_hon", "marriage"), cue


@pytest.mark.parametrize("text", [
    "lấy chồng Hàn cần giấy tờ gì", "lay vo viet kieu can giay to gi",  # a foreign party: the ranker reads it
    "lấy chồng rồi có phải đổi căn cước không", "lay vo xong co phai chuyen khau ve nha khong",  # another matter
    "cưới vợ được nghỉ mấy ngày", "cưới xong làm giấy khai sinh cho con thế nào",
    # a wedding as background of a long story (real question, dev split)
    "Tôi hiện đang sống ở Sài Gòn được hơn 3 năm. Cách đây mấy tháng vì chuẩn bị cưới vợ nên tôi mới đi làm KT3. "
    "Xin hỏi, liệu tôi đã đủ thời gian ở để được nhập khẩu chưa?",
])
def test_no_marriage_cue_beside_a_foreign_party_another_matter_or_in_a_story(text: str) -> None:
    cue = find_cue(text)
    assert cue is None or cue.event != "marriage", cue
