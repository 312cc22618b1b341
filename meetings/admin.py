from django.contrib import admin

from iwg.admin import ReadOnlyAdmin

from .models import AgendaItem, Meeting, ResponseItem

admin.site.register(Meeting, ReadOnlyAdmin)
admin.site.register(AgendaItem, ReadOnlyAdmin)
admin.site.register(ResponseItem, ReadOnlyAdmin)
