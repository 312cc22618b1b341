"""The REST API for the user's own notifications: the list, marking read."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from iwg.apis import MAX_ID, WITH_BODY, ApiPagination, paginated_response, responses

from ..models import Notification
from ..selectors.notices import notification_list
from ..services.notices import notification_mark_read


class NotificationListApi(APIView):
    class FilterSerializer(serializers.Serializer):
        unread = serializers.BooleanField(required=False, default=False, help_text="Only notices not read yet.")

    class OutputSerializer(serializers.ModelSerializer):
        communication_id = serializers.IntegerField(allow_null=True)
        communication = serializers.SerializerMethodField()
        deadline_id = serializers.IntegerField(allow_null=True)
        title = serializers.CharField(source="title_text", read_only=True, help_text="In the reader's language.")
        message = serializers.CharField(source="message_text", read_only=True, help_text="In the reader's language.")

        class Meta:
            model = Notification
            fields = [
                "id",
                "kind",
                "title",
                "message",
                "communication_id",
                "communication",
                "deadline_id",
                "created_at",
                "read_at",
            ]

        @extend_schema_field(serializers.CharField(allow_null=True, help_text="e.g. CCPR 2137/2012"))
        def get_communication(self, notification) -> str | None:
            return str(notification.communication) if notification.communication_id else None

    pagination_class = ApiPagination

    @extend_schema(
        operation_id="notifications_list",
        summary="Your notifications",
        parameters=[FilterSerializer],
        responses=responses({200: OutputSerializer(many=True)}, 400),
        tags=["notifications"],
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        notifications = notification_list(user=request.user, unread_only=filters.validated_data["unread"])
        return paginated_response(
            request=request, view=self, queryset=notifications, serializer_class=self.OutputSerializer
        )


class NotificationReadApi(APIView):
    class InputSerializer(serializers.Serializer):
        ids = serializers.ListField(
            child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
            required=False,
            max_length=1000,
            help_text="The notices to mark read.",
        )
        all = serializers.BooleanField(required=False, default=False, help_text="Mark every unread notice read.")

        def validate(self, data):
            if "ids" not in data and not data["all"]:
                raise serializers.ValidationError(_('Give "ids", or "all": true.'))
            if "ids" in data and data["all"]:
                raise serializers.ValidationError(_('Give "ids" or "all", not both.'))
            return data

    class OutputSerializer(serializers.Serializer):
        marked = serializers.IntegerField(help_text="How many notices changed from unread to read.")

    @extend_schema(
        operation_id="notifications_read",
        summary="Mark notifications read",
        request=InputSerializer,
        responses=responses({200: OutputSerializer}, *WITH_BODY),
        tags=["notifications"],
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ids = None if serializer.validated_data["all"] else serializer.validated_data["ids"]
        marked = notification_mark_read(actor=request.user, notification_ids=ids)
        return Response(self.OutputSerializer({"marked": marked}).data)
