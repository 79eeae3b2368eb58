"""Settings of the benchmark: production settings, plus a URLconf with a bare "hello" view.

Used only by `make bench` (bench/run.py), with `bench/` and `src/` on PYTHONPATH and the
production environment variables set by bench/run.py.
"""

from essaim.settings.production import *  # noqa: F403

ROOT_URLCONF = "benchurls"
