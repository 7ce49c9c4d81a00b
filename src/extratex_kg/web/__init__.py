"""The web front end: ``create_app(settings, service, dataset)`` and its blueprints."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from flask import Flask

from extratex_kg.config import Settings
from extratex_kg.querybind import Catalogue
from extratex_kg.queryload import load_queries
from extratex_kg.site import Site, local_path
from extratex_kg.web import editor, errors, http, protocol, resources, saved

if TYPE_CHECKING:
    from extratex_kg.runtime import Runtime


def create_app(settings: Settings, runtime: Runtime) -> Flask:
    """A Flask app over a running query service; nothing is read from the environment here.

    ``app.extensions`` holds: ``extratex.settings`` (Settings), ``extratex.service``
    (QueryService), ``extratex.dataset`` (DatasetInfo), ``extratex.store`` (an in-process
    pyoxigraph Store whose default graph is the union) and ``extratex.dist`` (the build folder).
    """
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["extratex.settings"] = settings
    app.extensions["extratex.service"] = runtime.service
    app.extensions["extratex.dataset"] = runtime.info
    app.extensions["extratex.store"] = runtime.store
    app.extensions["extratex.dist"] = runtime.dist
    # Made once, before any request: the app serves from several threads.
    app.extensions["extratex.site"] = Site(settings, runtime.store, runtime.dist, runtime.info.version)
    app.extensions["extratex.saved"] = Catalogue(load_queries(settings), runtime.store, settings.base_iri)
    app.register_blueprint(protocol.bp)
    app.register_blueprint(resources.bp)
    app.register_blueprint(saved.bp)
    app.register_blueprint(editor.bp)
    app.add_template_filter(partial(local_path, settings.base_iri), "local")
    errors.install(app)
    http.install(app, settings.cors_origin)
    return app
