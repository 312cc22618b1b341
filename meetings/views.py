"""HTML pages for IWG meetings."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import selectors


@login_required
def meeting_detail(request, pk: int):
    return render(request, "meetings/detail.html", {"meeting": selectors.meeting_get(pk=pk)})
