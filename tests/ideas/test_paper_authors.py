"""Ideas from paper: authors without an account, entered by an officer, claimed later."""

import datetime
import io

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from ideas import actions, exports, imports
from ideas.models import Idea, IdeaStatusChange, PaperAuthor, Status, phone_digits
from partnership.notifications.models import Notification
from partnership.privacy import DELETED_NAME, erase_user
from tests.factories import IDEA_TEXT
from tests.ideas.conftest import move
from tests.ideas.test_import import row, workbook

PAPER = {
    "name": "Lô Văn Páo",
    "birth_date": datetime.date(2006, 8, 12),
    "phone": "0986 123 456",
    "email": "pao@doan-vnpt.test",
}


@pytest.fixture
def paper_idea(officer, org_tree, agri):
    def make(**paper):
        return actions.submit_paper_idea(
            officer=officer,
            paper={**PAPER, **paper},
            unit=org_tree("Đoàn Thanh niên Đại học Quốc gia Hà Nội"),
            fields={**IDEA_TEXT, "field": agri, "consent_to_publish": True},
        )

    return make


def _form_data(agri, **over):
    return {
        "title": "Tủ sách bản",
        "field": agri.pk,
        "summary": "Tóm tắt",
        "problem": "Vấn đề",
        "solution": "Giải pháp",
        "impact": "Hiệu quả",
        "consent_to_publish": "on",
        **over,
    }


# --- the action ------------------------------------------------------------------------------


def test_officer_submits_for_a_person_without_an_account(paper_idea, officer):
    idea = paper_idea()
    assert idea.status == Status.SUBMITTED and idea.author is None
    assert idea.submitted_by == officer and idea.unit.name.startswith("Đoàn Thanh niên")
    paper = idea.paper_author
    assert paper.name == "Lô Văn Páo" and paper.phone_digits == "0986123456"
    assert idea.author_name == "Lô Văn Páo"


def test_a_paper_author_needs_a_name_and_a_birth_date_or_phone(paper_idea):
    with pytest.raises(ValidationError) as exc:
        paper_idea(name=" ", birth_date=None, phone="")
    assert set(exc.value.message_dict) == {"paper_name", "paper_birth_date"}
    assert paper_idea(birth_date=None).paper_author.phone  # the phone alone is enough
    assert paper_idea(phone="").paper_author.birth_date  # the birth date alone too


def test_only_for_a_unit_under_the_officer(officer, org_tree, agri, make_user):
    fields = {**IDEA_TEXT, "field": agri}
    with pytest.raises(PermissionDenied):
        actions.submit_paper_idea(
            officer=officer, paper=PAPER, unit=org_tree("Tỉnh đoàn Nghệ An"), fields=fields
        )
    with pytest.raises(PermissionDenied):
        actions.submit_paper_idea(
            officer=make_user("member"), paper=PAPER, unit=officer.unit, fields=fields
        )


def test_phone_digits():
    assert phone_digits("+84 986 123 456") == "0986123456"
    assert phone_digits("0986.123.456") == "0986123456"


# --- the form --------------------------------------------------------------------------------


def test_form_errors_keep_what_was_typed(client, officer, agri):
    client.force_login(officer)
    response = client.post(
        reverse("ideas:on_behalf"), _form_data(agri, paper_email="pao@doan-vnpt.test")
    )
    form = response.context["form"]
    assert {"paper_name", "paper_birth_date", "paper_unit"} <= set(form.errors)
    page = response.content.decode()
    assert 'value="pao@doan-vnpt.test"' in page and 'value="Tủ sách bản"' in page
    assert not Idea.objects.exists()


def test_form_refuses_both_a_member_and_a_paper_author(client, officer, member, agri):
    client.force_login(officer)
    data = _form_data(agri, author_email=member.email, paper_name="Lô Văn Páo")
    response = client.post(reverse("ideas:on_behalf"), data)
    assert "author_email" in response.context["form"].errors


def test_form_submits_a_paper_idea(client, officer, agri):
    client.force_login(officer)
    data = _form_data(
        agri,
        paper_name="Lô  Văn Páo",
        paper_birth_date="2006-08-12",
        paper_unit=officer.unit.pk,
    )
    response = client.post(reverse("ideas:on_behalf"), data)
    idea = Idea.objects.get()
    assert response.status_code == 302 and response["Location"] == idea.get_absolute_url()
    assert idea.paper_author.name == "Lô Văn Páo"
    assert idea.paper_author.birth_date == datetime.date(2006, 8, 12)
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Lô Văn Páo" in page and 'id="paper-author"' in page


# --- the Excel import ------------------------------------------------------------------------


def _paper_row(title, name="Nguyễn Thị Lan", born="15/03/2006", phone="", email="", unit=""):
    return [*row("", title=title), name, born, phone, email, unit]


def test_import_with_paper_authors(client, officer, member, agri):
    client.force_login(officer)
    template = client.get(reverse("ideas:import_template"))
    ws = load_workbook(io.BytesIO(template.content)).active
    assert ws.cell(row=1, column=11).value == "Họ tên tác giả chưa có tài khoản"
    upload = workbook(
        [
            row(member.email),
            _paper_row("Sổ tay thư viện", unit="Đoàn Thanh niên Đại học Quốc gia Hà Nội"),
            [*row("", title="Ngày sinh kiểu Excel"), "Trần Văn Nam", datetime.datetime(2005, 1, 2)],
        ]
    )
    response = client.post(reverse("ideas:import"), {"file": upload})
    assert response.status_code == 302
    paper = PaperAuthor.objects.select_related("idea__unit").order_by("pk")
    assert [(p.name, p.birth_date) for p in paper] == [
        ("Nguyễn Thị Lan", datetime.date(2006, 3, 15)),
        ("Trần Văn Nam", datetime.date(2005, 1, 2)),
    ]
    assert paper[0].idea.unit.name == "Đoàn Thanh niên Đại học Quốc gia Hà Nội"
    assert paper[1].idea.unit == officer.unit  # empty unit: the officer's own
    assert Idea.objects.filter(author=member).count() == 1


def test_import_of_many_paper_forms_is_not_rate_limited(officer, agri):
    rows = [_paper_row(f"Ý tưởng giấy số {n}") for n in range(12)]
    report, n = imports.import_ideas(file=workbook(rows), officer=officer)
    assert n == 12 and not any(r.errors for r in report)


def test_import_reports_paper_rows_without_birth_date_or_phone(client, officer, agri):
    client.force_login(officer)
    upload = workbook(
        [
            _paper_row("Thiếu ngày sinh", born=""),
            _paper_row("Đơn vị lạ", unit="Tỉnh đoàn Nghệ An"),
            row("", title="Không tác giả"),
        ]
    )
    response = client.post(reverse("ideas:import"), {"file": upload})
    assert [bool(r.errors) for r in response.context["report"]] == [True, True, True]
    assert not Idea.objects.exists()


def test_old_template_files_still_import(officer, member, agri):
    report, n = imports.import_ideas(file=workbook([row(member.email)]), officer=officer)
    assert n == 1 and not report[0].errors


# --- what is shown ---------------------------------------------------------------------------


def test_author_name_is_shown_never_the_contacts(client, paper_idea, admin_user):
    idea = move(paper_idea(), Status.SCREENING, Status.UNDER_REVIEW, by=admin_user)
    for url in (reverse("ideas:index"), idea.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "Lô Văn Páo" in page
        assert "0986" not in page and "pao@" not in page and "2006" not in page
    # The API and open data name no person at all (docs/api.md), a paper author included.
    for url in (reverse("api:idea", args=[idea.pk]), reverse("api:ideas")):
        api = str(client.get(url).json())
        assert str(idea.pk) in api
        assert "Páo" not in api and "0986" not in api and "pao@" not in api
    ws = load_workbook(io.BytesIO(exports.ideas_workbook(Idea.objects.all()))).active
    assert ws["G2"].value == "Lô Văn Páo"


def test_anonymous_paper_idea_shows_no_name(client, paper_idea, admin_user):
    idea = paper_idea()
    Idea.objects.filter(pk=idea.pk).update(anonymous=True)
    move(idea, Status.SCREENING, Status.UNDER_REVIEW, by=admin_user)
    assert "Lô Văn Páo" not in client.get(reverse("ideas:index")).content.decode()
    assert "Lô Văn Páo" not in client.get(idea.get_absolute_url()).content.decode()


def test_the_officer_sees_the_contacts(client, paper_idea, officer):
    idea = paper_idea()
    client.force_login(officer)
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "0986 123 456" in page and "pao@doan-vnpt.test" in page


# --- claiming --------------------------------------------------------------------------------


def _signup(client, org_tree, email, phone="", name="Lô Văn Páo"):
    return client.post(
        reverse("account_signup"),
        {
            "email": email,
            "password1": "Mat-khau-dai-2026!",
            "password2": "Mat-khau-dai-2026!",
            "full_name": name,
            "phone": phone,
            "unit": org_tree("Đoàn Thanh niên Đại học Quốc gia Hà Nội").pk,
        },
    )


def _confirm(client, email):
    from allauth.account.models import EmailConfirmationHMAC

    address = EmailAddress.objects.get(email__iexact=email)
    key = EmailConfirmationHMAC(address).key
    return client.post(reverse("account_confirm_email", args=[key]))


def test_claimed_when_the_same_email_is_confirmed(client, org_tree, paper_idea, officer):
    idea = paper_idea()
    _signup(client, org_tree, "PAO@doan-vnpt.test")
    idea.refresh_from_db()
    assert idea.author is None  # not before the address is proven
    _confirm(client, "PAO@doan-vnpt.test")
    idea.refresh_from_db()
    user = idea.author
    assert user is not None and user.email.lower() == "pao@doan-vnpt.test"
    paper = idea.paper_author
    assert paper.claimed_by == user and paper.claimed_at
    assert (paper.phone, paper.birth_date, paper.email) == ("", None, "")  # copies gone
    note = IdeaStatusChange.objects.filter(idea=idea).last()
    assert note.old_status == note.new_status == Status.SUBMITTED and note.by == user
    assert Notification.objects.filter(recipient=user, event="ideas.paper_claimed").exists()
    client.force_login(user)
    assert idea in client.get(reverse("ideas:mine")).context["page_obj"].object_list


def test_claimed_by_phone_only_with_the_same_name(org_tree, paper_idea, make_user):
    idea = paper_idea(email="")
    stranger = make_user("member", phone="0986123456", full_name="Người Khác")
    assert actions.claim_paper_ideas(user=stranger) == []
    same = make_user("member", phone="+84 986 123 456", full_name="lo van pao")
    assert actions.claim_paper_ideas(user=same) == [idea]
    idea.refresh_from_db()
    assert idea.author == same
    assert actions.claim_paper_ideas(user=same) == []  # once


def test_claimed_on_sign_in_with_a_verified_address(client, paper_idea, make_user):
    idea = paper_idea()
    user = make_user("member", email="pao@doan-vnpt.test")
    EmailAddress.objects.filter(user=user).update(verified=False)
    client.force_login(user)
    idea.refresh_from_db()
    assert idea.author is None
    EmailAddress.objects.filter(user=user).update(verified=True)
    client.force_login(user)
    idea.refresh_from_db()
    assert idea.author == user


def test_officer_confirms_a_claim(client, paper_idea, officer, make_user, hanoi_liaison):
    idea = paper_idea(email="")
    person = make_user("member", email="pao.khac@doan-vnpt.test")
    client.force_login(hanoi_liaison)
    client.post(reverse("ideas:claim", args=[idea.pk]), {"email": person.email})
    idea.refresh_from_db()
    assert idea.author is None
    client.force_login(officer)
    response = client.post(reverse("ideas:claim", args=[idea.pk]), {"email": "nobody@x.test"})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.author is None
    client.post(reverse("ideas:claim", args=[idea.pk]), {"email": person.email})
    idea.refresh_from_db()
    assert idea.author == person
    with pytest.raises(ValidationError):
        actions.claim_paper_idea(idea=idea, user=person, by=officer)


# --- privacy ---------------------------------------------------------------------------------


def test_erasing_a_claimant_erases_the_paper_name(paper_idea, make_user, admin_user):
    idea = paper_idea()
    user = make_user("member", email="pao@doan-vnpt.test", full_name="Lô Văn Páo")
    actions.claim_paper_ideas(user=user, email=user.email)
    erase_user(user=user, by=admin_user)
    paper = PaperAuthor.objects.get(idea=idea)
    assert paper.name == DELETED_NAME


def test_erasing_an_account_blanks_its_address_on_unclaimed_paper(paper_idea, make_user):
    idea = paper_idea()
    user = make_user("member", email="pao@doan-vnpt.test")
    erase_user(user=user, by=user)
    paper = PaperAuthor.objects.get(idea=idea)
    assert paper.email == "" and paper.claimed_at is None
