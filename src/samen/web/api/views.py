"""The personal API token page (``/api/v1/tokens/``) and the JSON 404 for unknown API paths."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from samen.web.accounts.models import User
from samen.web.api.actions import do_create_token, do_revoke_token
from samen.web.api.errors import error_body
from samen.web.api.models import ApiToken
from samen.web.audit.log import Actor


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=80,
        help_text=_("What the token is for, e.g. 'school absence import'."),
    )

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the token a name."))
        return name


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """List the user's tokens and create one; a new token is shown once, on this response only."""
    user = request.user
    assert isinstance(user, User)
    created: str | None = None
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            _row, created = do_create_token(actor=Actor.from_request(request),
                                            name=form.cleaned_data["name"])
            form = TokenForm()
    else:
        form = TokenForm()
    response = render(request, "api/tokens.html", {
        "form": form, "tokens": ApiToken.objects.filter(user=user), "created": created,
    })
    response["Cache-Control"] = "no-store"  # the page may hold a token
    return response


@login_required
@require_POST
def revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = ApiToken.objects.filter(user=request.user, pk=token_id).first()  # type: ignore[misc]
    if token is None:
        raise Http404("No such token")
    do_revoke_token(actor=Actor.from_request(request), token=token)
    messages.success(request, _t("Token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api:tokens")


def not_found(request: HttpRequest) -> HttpResponse:
    return JsonResponse(error_body(404, "No such API route."), status=404)


def json_method_not_allowed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap an API view so that a 405 carries the API's error body (and keeps ``Allow``)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code != 405 or response.get("Content-Type", "").startswith(
                "application/json"):
            return response
        allowed = response.get("Allow", "")
        replaced = JsonResponse(error_body(
            405, f"{request.method} is not allowed here; use {allowed}."), status=405)
        replaced["Allow"] = allowed
        return replaced

    return wrapper
