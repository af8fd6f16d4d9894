from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

API_PREFIX = "/api/"


def _from_accept_language(header: str) -> str:
    """The first supported language of an Accept-Language header, else Vietnamese."""
    for code, _quality in parse_accept_lang_header(header[:500]):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the person chose English with the language switch.

    Many officers use browsers set to English; the portal still opens in Vietnamese, so the
    browser's Accept-Language is deliberately ignored and only the switch's cookie counts.
    The API is the exception: a program says which language it wants with Accept-Language
    (Vietnamese when it names none we have), and the site's cookie does not count there.
    """

    def process_request(self, request):
        if request.path.startswith(API_PREFIX):
            translation.activate(_from_accept_language(request.headers.get("Accept-Language", "")))
            request.LANGUAGE_CODE = translation.get_language()
            return
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
