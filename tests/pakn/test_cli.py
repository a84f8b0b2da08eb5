"""`python -m pakn`: staff commands on a real database."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from common.db import REPO_ROOT
from pakn.cli import main
from pakn.service import PaknService
from tests.pakn.conftest import draft


def run(pakn: PaknService, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), service=pakn, out=out)
    return code, out.getvalue()


def test_list_show_and_workflow(pakn: PaknService, capsys: pytest.CaptureFixture[str]) -> None:
    code = pakn.file(draft()).code
    status, text = run(pakn, "list", "--status", "received")
    assert status == 0 and code in text and "091****678" in text and "0912345678" not in text
    status, text = run(pakn, "set-status", code, "processing", "--staff", "Trần Bình", "--note", "Đã chuyển")
    assert status == 0 and "Đang xử lý" in text
    status, text = run(pakn, "answer", code, "--staff", "Trần Bình", "--text", "Mời anh đến nhận kết quả.")
    assert status == 0 and "Đã gửi tới người dân qua telegram" in text
    status, text = run(pakn, "show", code)
    assert status == 0
    for expected in (code, "Đã trả lời", "0912345678", "Đã chuyển", "Mời anh đến nhận kết quả.", "[Trần Bình]",
                     "đã gửi tới người dân"):
        assert expected in text
    status, _ = run(pakn, "set-status", code, "received", "--staff", "X")
    assert status == 1 and "answered → received" in capsys.readouterr().err


def test_refusals_have_exit_codes(pakn: PaknService, capsys: pytest.CaptureFixture[str]) -> None:
    code = pakn.file(draft()).code
    assert run(pakn, "show", "PAKN-AAAAAAAAAA")[0] == 1
    assert "Không có phản ánh" in capsys.readouterr().err
    assert run(pakn, "set-status", code, "closed", "--staff", "A")[0] == 0
    assert run(pakn, "set-status", code, "processing", "--staff", "A")[0] == 1
    with pytest.raises(SystemExit) as exit_info:  # --staff is required for changes
        run(pakn, "set-status", code, "processing")
    assert exit_info.value.code == 2


def test_export_writes_bom_csv(pakn: PaknService, tmp_path: Path) -> None:
    pakn.file(draft())
    target = tmp_path / "pakn.csv"
    status, text = run(pakn, "export", "--out", str(target), "--with-personal-data")
    assert status == 0 and "1 dòng" in text
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    decoded = raw.decode("utf-8-sig")
    assert "Nguyễn Văn An" in decoded and "\r\n" in decoded


def test_summary_json_and_purge(pakn: PaknService) -> None:
    code = pakn.file(draft()).code
    pakn.change_status(code, "closed", "A")
    status, text = run(pakn, "summary", "--json")
    assert status == 0
    data = json.loads(text)
    assert data["total"] == {"key": "all", "label": "Tổng", "received": 1, "processed": 1, "in_progress": 0,
                             "overdue": 0, "rate_percent": 100.0}
    status, text = run(pakn, "summary")
    assert "Tỷ lệ xử lý: 100.0%" in text and "Theo tỉnh/thành phố" in text
    status, text = run(pakn, "purge", "--days", "30", "--dry-run")
    assert status == 0 and "Sẽ xóa dữ liệu cá nhân của 0" in text


def test_module_entry_point_runs(database_url: str) -> None:
    result = subprocess.run([sys.executable, "-m", "pakn", "--database-url", database_url, "summary"],
                            cwd=REPO_ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "Tiếp nhận: 0" in result.stdout
