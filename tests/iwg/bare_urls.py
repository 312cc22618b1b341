"""The site's URLs plus the bare benchmark view (iwg/bench.py), for tests of what every request costs."""

from iwg import bench
from portal.urls import urlpatterns as site_urlpatterns

urlpatterns = [*site_urlpatterns, *bench.urlpatterns]
