"""The embedded mock of Nami's Delete All Orders and Get Open Orders endpoints (an ASGI app served by uvicorn)."""
