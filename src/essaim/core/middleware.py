from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    """French for everyone unless the person chose English with the footer's switch.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: a French
    public service answers in French by default, whatever the workstation's setup.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, settings.LANGUAGE_CODE)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response
