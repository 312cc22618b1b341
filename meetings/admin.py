from django.contrib import admin

from iwg.admin import ReadOnlyAdmin

from .models import AgendaItem, Meeting

admin.site.register(Meeting, ReadOnlyAdmin)
admin.site.register(AgendaItem, ReadOnlyAdmin)
