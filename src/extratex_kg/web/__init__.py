"""The web front end: ``create_app(settings, service, dataset)`` and its blueprints."""

from __future__ import annotations

from flask import Flask

from extratex_kg.config import Settings
from extratex_kg.service import QueryService
from extratex_kg.web import errors, http, protocol
from extratex_kg.web.servicedesc import DatasetInfo


def create_app(settings: Settings, service: QueryService, dataset: DatasetInfo) -> Flask:
    """A Flask app over a query service; nothing is read from the environment here."""
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["extratex.settings"] = settings
    app.extensions["extratex.service"] = service
    app.extensions["extratex.dataset"] = dataset
    app.register_blueprint(protocol.bp)
    errors.install(app)
    http.install(app, settings.cors_origin)
    return app
