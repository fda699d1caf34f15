from ninja import NinjaAPI

api = NinjaAPI(
    title="OpenCSC API",
    version="1",
    urls_namespace="api",
    description="Read a child's record, record a contact as a partner agency, list a worker's work.",
)
