"""HTML pages for communications."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import selectors


@login_required
def communication_detail(request, pk: int):
    communication = selectors.communication_get(user=request.user, pk=pk)
    return render(request, "communications/detail.html", {"communication": communication})
