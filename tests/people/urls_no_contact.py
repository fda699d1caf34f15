"""The site without the front door's pages: links to them must simply not appear."""

import opencsc.urls

urlpatterns = [p for p in opencsc.urls.urlpatterns if getattr(p, "namespace", None) != "frontdoor"]
