import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from ideas import imports
from ideas.models import Idea, Status


def workbook(rows) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append([label for _n, label in imports.COLUMNS])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("y-tuong.xlsx", out.getvalue())


def row(email, title="Máy sấy mini", field="Nông nghiệp", **over):
    values = [email, title, field, "", "Tóm tắt", "Vấn đề", "Giải pháp", "Hiệu quả", "", "Có"]
    for index, value in over.items():
        values[int(index[1:])] = value
    return values


def test_template_downloads(client, make_user):
    client.force_login(make_user("union_officer", unit="Thành đoàn Hà Nội"))
    response = client.get(reverse("ideas:import_template"))
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A1"].value == "E-mail tác giả"


def test_bad_rows_are_reported_and_nothing_is_imported(client, make_user, member, agri):
    officer = make_user("union_officer", unit="Thành đoàn Hà Nội")
    client.force_login(officer)
    upload = workbook(
        [
            row(member.email),
            row("nobody@doan-vnpt.test", title="Người lạ"),
            row(member.email, title="", c6=""),
            row(member.email, title="Sai lĩnh vực", field="Không có"),
        ]
    )
    response = client.post(reverse("ideas:import"), {"file": upload})
    report = response.context["report"]
    assert [bool(r.errors) for r in report] == [False, True, True, True]
    assert [r.number for r in report] == [2, 3, 4, 5]
    assert not Idea.objects.exists()
    assert "Người lạ" in response.content.decode()


def test_good_file_imports_every_row(client, make_user, member, agri):
    officer = make_user("union_officer", unit="Thành đoàn Hà Nội")
    client.force_login(officer)
    upload = workbook([row(member.email), row(member.email, title="Ý tưởng thứ hai", c9="Không")])
    response = client.post(reverse("ideas:import"), {"file": upload})
    assert response.status_code == 302
    ideas = Idea.objects.order_by("pk")
    assert [i.status for i in ideas] == [Status.SUBMITTED, Status.SUBMITTED]
    assert [i.consent_to_publish for i in ideas] == [True, False]
    assert all(i.submitted_by == officer and i.author == member for i in ideas)


def test_not_an_excel_file(client, make_user):
    client.force_login(make_user("union_officer", unit="Thành đoàn Hà Nội"))
    upload = SimpleUploadedFile("y-tuong.xlsx", b"%PDF-1.4 not excel")
    response = client.post(reverse("ideas:import"), {"file": upload})
    assert "file" in response.context["form"].errors
    client.force_login(make_user("member"))
    assert client.get(reverse("ideas:import")).status_code == 404
