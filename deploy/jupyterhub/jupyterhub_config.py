"""JupyterHub for the Career Workshop Kit: one Voila server per student, on one machine.

Run from a folder the hub may write to (its database and cookie secret go there):

    WORKSHOP_HUB_PASSWORD='a-long-shared-word' \
    WORKSHOP_KIT_DB='postgresql+psycopg://kit:secret@db.example.org/workshop' \
    jupyterhub -f /srv/workshop-kit/deploy/jupyterhub/jupyterhub_config.py

Settings read from the environment (see deploy/README.md):

WORKSHOP_HUB_PASSWORD        shared password students log in with (8+ characters; required)
WORKSHOP_HUB_ADMINS          comma-separated instructor user names (optional)
WORKSHOP_HUB_ADMIN_PASSWORD  their password (32+ characters; needed with WORKSHOP_HUB_ADMINS)
WORKSHOP_HUB_BIND_URL        where the hub listens (default http://127.0.0.1:8000)
WORKSHOP_HUB_STATE           folder for the hub's own files (default: current folder)
WORKSHOP_HUB_CULL_TIMEOUT    stop a student's server idle this many seconds (default 3600)
WORKSHOP_HUB_CULL_EVERY      how often the culler looks, in seconds (default 300)
WORKSHOP_HUB_MAX_SERVERS     most student servers at once (default: no limit)
WORKSHOP_KIT_DB              the answers database every student's server uses
WORKSHOP_KIT_DATA            without WORKSHOP_KIT_DB: folder of a shared SQLite file
WORKSHOP_KIT_CONTENT         content folder (default: the kit's exercises/)
WORKSHOP_KIT_NOTEBOOKS       notebooks folder (default: the kit's notebooks/)
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821  (traitlets provides it)

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
STATE = Path(os.environ.get("WORKSHOP_HUB_STATE") or os.getcwd()).resolve()
BIN = Path(sys.executable).parent  # the hub's environment also holds the kit


def _setting(name, default=""):
    return os.environ.get(name, "").strip() or default


# --- the hub ---------------------------------------------------------------------------
c.JupyterHub.bind_url = _setting("WORKSHOP_HUB_BIND_URL", "http://127.0.0.1:8000")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
# After logging in, a student lands on their own server's welcome page.
c.JupyterHub.redirect_to_server = True
if _setting("WORKSHOP_HUB_MAX_SERVERS"):
    c.JupyterHub.active_server_limit = int(_setting("WORKSHOP_HUB_MAX_SERVERS"))

# --- who may log in -------------------------------------------------------------------
# One shared password for the room: students pick any user name (a first name is fine).
# The kit tells students apart by a token in their browser, not by this name, so two
# students who type the same name still get separate answers. See deploy/README.md
# for other authenticators (no login at all, accounts, a university's single sign-on).
password = _setting("WORKSHOP_HUB_PASSWORD")
if len(password) < 8:
    sys.exit(
        "jupyterhub_config.py: set WORKSHOP_HUB_PASSWORD to the shared password students "
        "will type (8 characters or more)."
    )
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = password
c.Authenticator.allow_all = True
admins = {name.strip() for name in _setting("WORKSHOP_HUB_ADMINS").split(",") if name.strip()}
if admins:
    c.Authenticator.admin_users = admins
    c.SharedPasswordAuthenticator.admin_password = _setting("WORKSHOP_HUB_ADMIN_PASSWORD")

# --- each student's server: jupyterhub-singleuser with Voila's server extension --------
# SimpleLocalProcessSpawner runs every server as the hub's own system user, with no
# isolation between students; singleuser/jupyter_server_config.py closes the ways a
# student could run code or change files. For isolation use DockerSpawner or KubeSpawner
# (deploy/kubernetes/).
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "homes" / "{username}")
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.notebook_dir = _setting("WORKSHOP_KIT_NOTEBOOKS", str(REPO / "notebooks"))
c.Spawner.default_url = "/voila/render/00_welcome.ipynb"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 60

environment = {
    # this folder's jupyter_server_config.py: Voila with the kit's template, locked down
    "JUPYTER_CONFIG_PATH": str(HERE / "singleuser"),
    "WORKSHOP_KIT_CONTENT": _setting("WORKSHOP_KIT_CONTENT", str(REPO / "exercises")),
}
template_root = REPO / "workshop_kit" / "share" / "jupyter"
if template_root.is_dir():
    # as `workshop-kit serve` does: the template in this clone comes first
    environment["JUPYTER_PATH"] = str(template_root)
if _setting("WORKSHOP_KIT_DB"):
    environment["WORKSHOP_KIT_DB"] = _setting("WORKSHOP_KIT_DB")
else:
    # One SQLite file that every student's process opens: fine on one machine.
    # Across machines (Kubernetes, several hosts) use PostgreSQL in WORKSHOP_KIT_DB.
    environment["WORKSHOP_KIT_DATA"] = str(
        Path(_setting("WORKSHOP_KIT_DATA", str(STATE / "workshop-data"))).resolve()
    )
if os.environ.get("WORKSHOP_HUB_ALLOW_ROOT") == "1":
    environment["WORKSHOP_HUB_ALLOW_ROOT"] = "1"
c.Spawner.environment = environment

# Create (or upgrade) the answer tables now, as `workshop-kit serve` does, so the first
# students' kernels do not race to create them; a database that cannot be reached
# stops the hub here with the driver's message.
try:
    from workshop_kit.store import Store, database_url_from_env
except ImportError:  # a hub without the kit installed (e.g. Kubernetes): kernels do it
    pass
else:
    for name in ("WORKSHOP_KIT_DB", "WORKSHOP_KIT_DATA"):
        if name in environment:
            os.environ[name] = environment[name]
    if "WORKSHOP_KIT_DATA" in environment:
        Path(environment["WORKSHOP_KIT_DATA"]).mkdir(parents=True, exist_ok=True)
    Store(database_url_from_env()).close()

# --- idle culling: jupyterhub-idle-culler as a hub-managed service --------------------
# A culled student loses nothing: answers are in the database, and their next page load
# starts the server again.
cull_timeout = int(_setting("WORKSHOP_HUB_CULL_TIMEOUT", "3600"))
cull_every = int(_setting("WORKSHOP_HUB_CULL_EVERY", "300"))
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={cull_timeout}",
            f"--cull-every={cull_every}",
        ],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
