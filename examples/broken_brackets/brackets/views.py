from django.conf import settings
from django.http import HttpResponse

from .models import Bracket


def health(request):
    """200 "ok commit=<full sha> brackets=<n>" when this release can serve.

    Test hook: a file named FAIL_HEALTH at the release root makes it answer 500.
    It reads the database, so a migration that was never applied shows as a 500.
    """
    if (settings.BASE_DIR / "FAIL_HEALTH").exists():
        return HttpResponse("failing on purpose: FAIL_HEALTH exists\n", status=500,
                            content_type="text/plain")
    revision = settings.BASE_DIR / "REVISION"  # written by Capstan: the full commit id
    commit = revision.read_text().strip() if revision.exists() else "unknown"
    brackets = Bracket.objects.count()
    return HttpResponse(f"ok commit={commit} brackets={brackets}\n", content_type="text/plain")
