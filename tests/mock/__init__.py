"""The embedded mock of Nami's Delete All Orders endpoint (an ASGI app served by uvicorn)."""
