"""Every URL of the portal × every role: the answer each role gets to a GET.

The table below is the review: a new URL name that is not in it fails
`test_every_url_is_in_the_table`, so no page ships without someone deciding who sees it.
Objects belong to Nghệ An: "officer" and "liaison" are of that province (the unit and the VNPT
branch serving it), "officer_other" and "liaison_other" are of Hà Nội and Đà Nẵng.

Codes: 200; L = 302 to the log-in page; R = 302 elsewhere; 404; 405 (POST only); 403 only on
pages gated by role rather than by object (an object of another unit is always a 404).
"a|b" means either is right (the spec leaves it open). Library URLs (Django admin, allauth)
are listed by prefix: their own tests cover them; we only check they never answer 500.
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from PIL import Image

ROLES = [
    "anon",
    "member",
    "officer",
    "officer_other",
    "liaison",
    "liaison_other",
    "reviewer",
    "admin",
]

ALL_200 = "200 " * 8
PUBLIC = ALL_200
MEMBER_PAGE = "L 200 200 200 200 200 200 200"
POST_ONLY = "L 405 405 405 405 405 405 405"
ANY_POST_ONLY = "L 405|404 405|404 405|404 405|404 405|404 405|404 405|404"

# The pages every role sees (PUBLIC): name -> kwargs key in the world (None: no arguments)
PUBLIC_PAGES = {
    "home": None,
    "healthz": None,
    # organisations, news
    "organisations:list": None,
    "organisations:detail": "unit",
    "news:list": None,
    "news:detail": "article",
    "news:cover": "article",
    "news:feed": None,
    "search:search": None,
    # notifications
    "notifications:unsubscribe": "unsubscribe",
    "notifications:unsubscribe_address": "unsubscribe_address",
    # agreements
    "agreements:index": None,
    "agreements:detail": "agreement",
    "agreements:commitments": None,
    "agreements:commitment": "commitment",
    "agreements:activities": None,
    "agreements:calendar": None,
    "agreements:activity": "activity",
    "agreements:document": "document",
    "agreements:photo": "photo",
    "agreements:reports": None,
    # services
    "services:index": None,
    "services:category": "category",
    "services:detail": "service",
    "services:image": "service",
    # ideas
    "ideas:index": None,
    "ideas:campaign": "campaign",
    "ideas:similar": None,
    "ideas:detail": "published_idea",
    "ideas:versions": "amended_idea",
    # open data, calendars, API
    "open_data": None,
    "open_data_file": "open_data_file",
    "api:schema": None,
    "api:docs": None,
    "api:news": None,
    "api:categories": None,
    "api:services": None,
    "api:service": "service",
    "api:ideas": None,
    "api:idea": "published_idea",
    "api:commitments": None,
    "api:activities": None,
    "api:activities_ics": None,
    "api:province_activities_ics": "province",
    "api:deadlines_ics": "calendar_token",
}

# name -> (kwargs key in the world, expected codes in ROLES order)
MATRIX = {
    **{name: (key, PUBLIC) for name, key in PUBLIC_PAGES.items()},
    "set_language": (None, "R " * 8),
    "switch_language": (None, "R " * 8),
    # accounts
    "accounts:profile": (None, MEMBER_PAGE),
    "accounts:people": (None, "L R 200 200 R R R 200"),
    "accounts:change_role": ("person", POST_ONLY),
    "accounts:data_export": (None, MEMBER_PAGE),
    "accounts:delete_account": (None, MEMBER_PAGE),
    # notifications
    "notifications:inbox": (None, MEMBER_PAGE),
    "notifications:open": ("notification", "L R 404 404 404 404 404 404"),
    "notifications:mark_all_read": (None, POST_ONLY),
    "notifications:preferences": (None, MEMBER_PAGE),
    "notifications:send_test": (None, POST_ONLY),
    # agreements
    "agreements:dashboard": (None, "L 403|404 200 200 200 200 403|404 200"),
    "agreements:export": (None, "L 403|404 200 200 200 200 403|404 200"),
    "agreements:report_create": ("union_indicator", "L 404 200 200 404 404 404 404|200"),
    "agreements:report": ("draft_report", "404|L 404 200 404 200 404 404 200"),
    "agreements:report_edit": ("draft_report", "L 404 200 404 404 404 404 404|200"),
    **dict.fromkeys(
        ["agreements:report_submit", "agreements:report_review", "agreements:report_reopen"],
        ("draft_report", ANY_POST_ONLY),
    ),
    "agreements:evidence": ("draft_evidence", "404|L 404 200 404 200 404 404 200"),
    # services
    "services:plan": ("plan", "R " * 8),
    "services:request_create": (
        "service",
        "L 200 200 200 200|404|403|R 200|404|403|R 200|404|403|R 200",
    ),
    "services:my_requests": (None, MEMBER_PAGE),
    "services:queue": (None, "L 404 404 404 200 200 404 200|404"),
    "services:dashboard": (None, "L 403 200 200 200 200 403 200"),
    "services:request": ("request", "L 404 200 404 200 404 404 200"),
    **dict.fromkeys(
        [
            "services:request_move",
            "services:request_complete",
            "services:request_confirm",
            "services:request_reopen",
            "services:request_claim",
            "services:request_message",
        ],
        ("request", ANY_POST_ONLY),
    ),
    "services:message_attachment": ("message_attachment", "L 404 200 404 200 404 404 200"),
    # ideas
    "ideas:new": (None, MEMBER_PAGE),
    "ideas:mine": (None, MEMBER_PAGE),
    "ideas:edit": ("draft_idea", "L 200 404 404 404 404 404 404"),
    "ideas:submit": ("draft_idea", "L 200 404 404 404 404 404 404|405"),
    "ideas:withdraw": ("draft_idea", ANY_POST_ONLY),
    **dict.fromkeys(
        [
            "ideas:support",
            "ideas:follow",
            "ideas:comment",
            "ideas:offer",
            "ideas:decide",
            "ideas:assign",
            "ideas:merge",
            "ideas:claim",
        ],
        ("published_idea", ANY_POST_ONLY),
    ),
    "ideas:amend": ("amended_idea", "L 404 404 404 404 404 404 404"),
    "ideas:decide_amendment": ("pending_version", ANY_POST_ONLY),
    **dict.fromkeys(["ideas:report_comment", "ideas:hide_comment"], ("comment", ANY_POST_ONLY)),
    "ideas:attachment": ("draft_attachment", "404|L 200 404 404 404 404 404 404|200"),
    "ideas:confirm_co_author": (
        "co_author_token",
        "L 200|404 200|404 200|404 200|404 200|404 200|404 200|404",
    ),
    "ideas:reviews": (None, "L 200|404 200|404 200|404 200|404 200|404 200 200"),
    "ideas:review": ("assignment", "L 404 404 404 404 404 200 404|200"),
    "ideas:moderate": (None, "L 404 200 200 404 404 404 200"),
    **dict.fromkeys(
        [
            "ideas:dashboard",
            "ideas:dashboard_export",
            "ideas:on_behalf",
            "ideas:import",
            "ideas:import_template",
        ],
        (None, "L 404 200 200 404 404 404 200|404"),
    ),
    # calendars, API (a session is enough only for /me/; branch URLs need a key: KEY_MATRIX
    # below; a 401/403 of the API is JSON, never a log-in redirect)
    "calendar_token": (None, POST_ONLY),
    "api:my_requests": (None, "403 200 200 200 200 200 200 200"),
    "api:my_reports": (None, "403 200 200 200 200 200 200 200"),
    "api:branch_requests": (None, "401 " * 8),
    "api:branch_request": ("request", "401 " * 8),
    # POST only: GET is refused first
    **dict.fromkeys(
        ["api:branch_request_move", "api:branch_request_claim", "api:branch_request_message"],
        ("request", "405 " * 8),
    ),
}

# The branch URLs with a key: of Nghệ An reading, of Nghệ An acting, of Đà Nẵng (another
# branch: the request is a 404). GET on a POST-only address: 405, before anything else.
KEY_ROLES = ["key_read", "key_act", "key_other"]
KEY_MATRIX = {
    "api:branch_requests": (None, "200 200 200"),
    "api:branch_request": ("request", "200 200 404"),
    **dict.fromkeys(
        ["api:branch_request_move", "api:branch_request_claim", "api:branch_request_message"],
        ("request", "405|404 405 404|405"),
    ),
    "api:my_requests": (None, "403 403 403"),
    "api:my_reports": (None, "403 403 403"),
}

LIBRARY_PREFIXES = ("admin:", "account_", "mfa_")


def _url_names():
    def walk(patterns, namespace=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace
                full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
                yield from walk(p.url_patterns, full)
            elif isinstance(p, URLPattern) and p.name:
                yield f"{namespace}:{p.name}" if namespace else p.name

    return sorted(set(walk(get_resolver().url_patterns)))


def test_every_url_is_in_the_table():
    missing = [n for n in _url_names() if n not in MATRIX and not n.startswith(LIBRARY_PREFIXES)]
    stale = [n for n in MATRIX if n not in _url_names()]
    assert not missing, f"URLs with no decision on who may see them: {missing}"
    assert not stale, f"Table rows for URLs that no longer exist: {stale}"


def _pdf_upload(name, text):
    """The fields of a stored PDF upload (an evidence file, an idea's attachment)."""
    content = b"%PDF-1.4 " + text
    return {
        "file": ContentFile(content, name=name),
        "original_name": name,
        "content_type": "application/pdf",
        "size": len(content),
    }


@pytest.fixture
def world(db, settings):
    """The demo data, seen from Nghệ An, plus the handful of objects the demo lacks."""
    from django.apps import apps
    from django.core.management import call_command

    from ideas.models import IDEA_NOTICES
    from partnership.accounts.models import User
    from partnership.notifications.actions import notify
    from partnership.organisations.demo import unit

    settings.DEBUG = True
    settings.ADMIN_REQUIRE_MFA = False
    call_command("load_demo", stdout=io.StringIO())
    users = {
        "member": "member.nghean@doan-vnpt.test",
        "officer": "officer.nghean@doan-vnpt.test",
        "officer_other": "officer.hanoi@doan-vnpt.test",
        "liaison": "vnpt.nghean@doan-vnpt.test",
        "liaison_other": "vnpt.danang@doan-vnpt.test",
        "reviewer": "reviewer@doan-vnpt.test",
        "admin": "admin@doan-vnpt.test",
    }
    people = {role: User.objects.get(email=email) for role, email in users.items()}
    nghe_an = unit("Tỉnh đoàn Nghệ An")
    model = apps.get_model
    w = {"people": people}

    w["person"] = {"pk": people["member"].pk}
    w["unit"] = {"slug": nghe_an.slug}
    article = model("news", "Article").objects.exclude(cover_image="").first()
    w["article"] = {"slug": article.slug}

    note = notify(
        recipients=[people["member"]], event="core.test", category=IDEA_NOTICES, url="/ideas/"
    )[0]
    w["notification"] = {"pk": note.pk}
    from partnership.notifications import tokens

    w["unsubscribe"] = {"token": tokens.make_token(people["member"], [IDEA_NOTICES])}
    w["unsubscribe_address"] = {"token": tokens.make_address_token("chua-co@doan-vnpt.test")}

    agreement = model("agreements", "Agreement").objects.first()
    w["agreement"] = {"slug": agreement.slug}
    w["commitment"] = {"pk": model("agreements", "Commitment").objects.first().pk}
    w["activity"] = {"slug": model("agreements", "JointActivity").objects.first().slug}
    w["document"] = {"pk": model("agreements", "AgreementDocument").objects.first().pk}
    w["photo"] = {"pk": model("agreements", "Photo").objects.first().pk}
    report = (
        model("agreements", "ProgressReport")
        .objects.filter(unit=nghe_an)
        .exclude(status="approved")
        .first()
    )
    w["draft_report"] = {"pk": report.pk}
    w["union_indicator"] = {"indicator_pk": report.indicator_id}
    evidence = model("agreements", "Evidence").objects.create(
        report=report, public=False, **_pdf_upload("bao-cao.pdf", b"evidence")
    )
    w["draft_evidence"] = {"pk": evidence.pk}

    w["category"] = {"slug": model("services", "Category").objects.first().slug}
    service = model("services", "Service").objects.filter(published=True).first()
    png = io.BytesIO()
    Image.new("RGB", (8, 8), (11, 79, 156)).save(png, "PNG")
    service.image.save("logo.png", ContentFile(png.getvalue()), save=True)
    w["service"] = {"slug": service.slug}
    w["plan"] = {"pk": model("services", "Plan").objects.filter(service=service).first().pk}
    request = (
        model("services", "ServiceRequest").objects.filter(requester=people["officer"]).first()
    )
    w["request"] = {"reference": request.reference}
    message = model("services", "Message").objects.create(
        request=request,
        author=people["officer"],
        body="Hợp đồng",
        attachment=ContentFile(b"%PDF-1.4 contract", name="hop-dong.pdf"),
        attachment_name="hop-dong.pdf",
    )
    w["message_attachment"] = {"reference": request.reference, "pk": message.pk}

    Idea = model("ideas", "Idea")
    w["campaign"] = {"slug": model("ideas", "Campaign").objects.first().slug}
    w["published_idea"] = {"pk": Idea.objects.filter(status="awarded").first().pk}
    draft = Idea.objects.filter(status="draft", author=people["member"]).first()
    w["draft_idea"] = {"pk": draft.pk}
    attachment = model("ideas", "Attachment").objects.create(
        idea=draft, uploaded_by=people["member"], **_pdf_upload("y-tuong.pdf", b"idea")
    )
    w["draft_attachment"] = {"pk": attachment.pk}
    versions = model("ideas", "IdeaVersion").objects
    w["amended_idea"] = {"pk": versions.get(number=3).idea_id}
    w["pending_version"] = {"pk": versions.get(status="pending").pk}
    co_author = model("ideas", "CoAuthor").objects.first()
    w["co_author_token"] = {"token": co_author.token if co_author else "x"}
    w["province"] = {"province": "Nghệ An"}
    w["open_data_file"] = {"name": "ideas", "fmt": "csv"}
    token = model("api", "CalendarToken").objects.create(user=people["officer"])
    w["calendar_token"] = {"token": token.token}
    w["comment"] = {"pk": model("ideas", "Comment").objects.first().pk}
    assignment = (
        model("ideas", "ReviewAssignment").objects.filter(reviewer=people["reviewer"]).first()
    )
    w["assignment"] = {"pk": assignment.pk}
    return w


def _code(response, login_url="/account/login/"):
    if response.status_code == 302:
        return "L" if response["Location"].startswith(login_url) else "R"
    return str(response.status_code)


def _clients(world):
    clients = {}
    for role in ROLES:
        clients[role] = Client()
        if role != "anon":
            clients[role].force_login(world["people"][role])
    return clients


def _wrong_answers(matrix, roles, clients, world):
    """Every URL of `matrix` got by each of `roles`: the answers the table does not allow."""
    wrong = []
    for name, (key, expected) in matrix.items():
        url = reverse(name, kwargs=world[key] if key else {})
        for role, allowed in zip(roles, expected.split(), strict=True):
            got = _code(clients[role].get(url))
            if got not in allowed.split("|"):
                wrong.append(f"{name} as {role}: {got}, expected {allowed}  ({url})")
    return wrong


def test_matrix(world):
    wrong = _wrong_answers(MATRIX, ROLES, _clients(world), world)
    assert not wrong, "\n".join(wrong)


def test_api_keys_matrix(world):
    from partnership.api.models import ApiKey, Scope

    def key(liaison, scope):
        obj = ApiKey(name="CRM", unit=liaison.unit, acting_user=liaison, scope=scope)
        secret = obj.issue()
        obj.save()
        client = Client()
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
        return client

    people = world["people"]
    clients = {
        "key_read": key(people["liaison"], Scope.READ),
        "key_act": key(people["liaison"], Scope.ACT),
        "key_other": key(people["liaison_other"], Scope.ACT),
    }
    wrong = _wrong_answers(KEY_MATRIX, KEY_ROLES, clients, world)
    assert not wrong, "\n".join(wrong)
    keyed = {n for n in MATRIX if n.startswith(("api:branch_", "api:my_"))}
    assert set(KEY_MATRIX) == keyed, "every branch or /me/ API URL is tried with keys"


def test_library_pages_never_fail(world):
    clients = _clients(world)
    for path in [
        "/admin/",
        "/account/login/",
        "/account/signup/",
        "/account/password/reset/",
        "/account/2fa/",
    ]:
        for role in ROLES:
            assert clients[role].get(path).status_code in (200, 302), (path, role)


# Methods no page handles: 405 with Allow, before log-in or CSRF checks; the feed and search
# handle only GET and HEAD.
REFUSED_METHODS = ["PUT", "DELETE", "PATCH", "TRACE", "PROPFIND"]
SAFE_ONLY = ["news:feed", "search:search"]


def test_unhandled_methods_answer_405(world):
    clients = _clients(world)
    wrong = []
    for name, (key, _expected) in MATRIX.items():
        url = reverse(name, kwargs=world[key] if key else {})
        methods = REFUSED_METHODS + (["POST"] if name in SAFE_ONLY else [])
        for role in ("anon", "member", "admin"):
            for method in methods:
                response = clients[role].generic(method, url)
                allow = response.get("Allow", "")
                if response.status_code != 405 or not allow or method in allow.split(", "):
                    wrong.append(
                        f"{method} {name} as {role}: {response.status_code} Allow={allow!r}"
                    )
    assert not wrong, "\n".join(wrong)


def test_admin_and_library_handlers_keep_their_methods(world):
    admin = _clients(world)["admin"]
    # Django admin's handlers take POST (a change form, the log-out) and refuse PUT.
    response = admin.post("/admin/news/article/add/", {})
    assert response.status_code == 200  # the form again, with its errors
    assert admin.generic("PUT", "/admin/news/article/add/").status_code == 405
    # allauth's class-based views allow what they define.
    response = Client().generic("DELETE", "/account/login/")
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    assert (
        Client().post("/account/login/", {"login": "x@example.org", "password": "y"}).status_code
        == 200
    )
    assert Client().get("/search/?q=mytv").status_code == 200
