"""Saved questions: /queries, /queries/<name>, /openapi.json."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("saved", __name__)
