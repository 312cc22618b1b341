"""The REST API endpoints that span both apps: the dashboard's figures."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from communications.apis.fields import CommitteeCodeField
from iwg.apis import responses

from . import selectors


class _YearCountSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    count = serializers.IntegerField()


class _CommitteeYearCountSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    committee = CommitteeCodeField()
    count = serializers.IntegerField()


class _CommitteeCountSerializer(serializers.Serializer):
    committee = CommitteeCodeField(source="committee__code")
    count = serializers.IntegerField()


class _AgencyCountSerializer(serializers.Serializer):
    agency = serializers.CharField(source="responsible_agency__code")
    count = serializers.IntegerField()


class StatsApi(APIView):
    class OutputSerializer(serializers.Serializer):
        meetings_held = serializers.IntegerField()
        meetings_held_by_year = _YearCountSerializer(many=True)
        rounds_considered = serializers.IntegerField(help_text="Requests and Views considered by the IWG.")
        rounds_considered_by_committee_year = _CommitteeYearCountSerializer(many=True)
        positions_sent = serializers.IntegerField()
        positions_sent_by_committee_year = _CommitteeYearCountSerializer(many=True)
        communications_by_committee = _CommitteeCountSerializer(many=True)
        views_adopted = serializers.IntegerField(help_text="Views adopted (violation found or not).")
        views_by_committee_year = _CommitteeYearCountSerializer(many=True)
        overdue_deadlines = serializers.IntegerField()
        overdue_by_agency = _AgencyCountSerializer(many=True)
        median_days_note_to_position = serializers.FloatField(
            allow_null=True, help_text="Median days from the incoming note to the sent position."
        )

    @extend_schema(
        operation_id="stats_retrieve",
        summary="The dashboard's figures",
        description="Meetings held, requests considered, positions sent (by committee and year), what is overdue "
        "now, and the median time from the incoming note to the sent position; from what you may see.",
        responses=responses({200: OutputSerializer}),
        tags=["stats"],
    )
    def get(self, request):
        figures = selectors.dashboard_figures(user=request.user)
        return Response(self.OutputSerializer(figures).data)
