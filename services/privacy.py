"""What the services app keeps of a person outside their account: the contact typed on
their requests. The request itself stays (it is a record of the partnership); the place of
installation stays too, as it is usually the unit's premises."""

from .models import ServiceRequest


def erase_request_contacts(*, user):
    ServiceRequest.objects.filter(requester=user).update(contact_name="—", contact_phone="")
