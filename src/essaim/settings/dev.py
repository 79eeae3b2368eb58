"""The demo on a laptop: debug on, a throw-away key, mail printed on the console."""

from .base import *  # noqa: F403
from .env import env_str

DEBUG = True
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "demo-only-not-secret-" + "x" * 40)
