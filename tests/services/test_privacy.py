import io

from django.core.management import call_command

from partnership.privacy import erase_user
from services.models import ServiceRequest


def test_erasing_a_requester_blanks_the_typed_contact_and_keeps_the_request(settings, db):
    from partnership.accounts.models import User

    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    officer = User.objects.get(email="officer.nghean@doan-vnpt.test")
    ids = list(ServiceRequest.objects.filter(requester=officer).values_list("pk", flat=True))
    assert ids
    erase_user(user=officer, by=officer)
    for request in ServiceRequest.objects.filter(pk__in=ids):
        assert request.contact_phone == "" and "Cường" not in request.contact_name
