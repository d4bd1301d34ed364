"""Jupyter Server config for one student's server under JupyterHub.

The hub starts ``jupyterhub-singleuser`` with this folder on ``JUPYTER_CONFIG_PATH``
(the Docker image copies this file to ``/etc/jupyter/``). The server then serves the
kit's pages through Voila's server extension at ``/user/<name>/voila/render/...``.

A student's server is a whole Jupyter Server, not the locked-down standalone Voila
that ``workshop-kit serve`` runs, so this file takes back what a student must not
have: no JupyterLab, no terminals, no code sent to a kernel from the browser, and no
saving over the notebooks (with a spawner that runs every student as one system user,
a saved notebook would run in every student's kernel).
"""

import os

from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
from tornado.web import HTTPError

c = get_config()  # noqa: F821  (traitlets provides it)

# --- what the student sees: the kit's pages, as `workshop-kit serve` shows them ------
c.VoilaConfiguration.template = "workshop_kit"
c.VoilaConfiguration.show_tracebacks = False
# Preheated kernels exist only in standalone Voila (voila/app.py); the server extension
# starts one kernel per page load, which is also all a one-student server needs.

# --- only Voila and the hub's own extension are loaded --------------------------------
c.ServerApp.jpserver_extensions = {
    "voila.server_extension": True,
    "jupyterlab": False,
    "notebook": False,
    "notebook_shim": False,
    "jupyter_lsp": False,
    "jupyter_server_terminals": False,
}
c.ServerApp.terminals_enabled = False

# The messages standalone Voila lets a browser send (voila/app.py): widgets work, and an
# execute_request typed into the browser console is dropped.
c.MappingKernelManager.allowed_message_types = [
    "comm_open",
    "comm_close",
    "comm_msg",
    "comm_info_request",
    "kernel_info_request",
    "shutdown_request",
]


class ReadOnlyContents(AsyncLargeFileManager):
    """The contents API can read the notebooks but never write, rename or delete."""

    async def save(self, model, path=""):
        raise HTTPError(403, "The workshop's files are read-only.")

    async def delete_file(self, path):
        raise HTTPError(403, "The workshop's files are read-only.")

    async def rename_file(self, old_path, new_path):
        raise HTTPError(403, "The workshop's files are read-only.")


c.ServerApp.contents_manager_class = ReadOnlyContents

# --- kernels: the same culling as `workshop-kit serve` (workshop_kit/cli.py) ----------
c.MappingKernelManager.cull_idle_timeout = 3 * 3600
c.MappingKernelManager.cull_interval = 300
c.MappingKernelManager.cull_connected = False

# Jupyter Server refuses to run as root. The verification script sets this when it is
# run as root on a throwaway machine; a real hub runs as an ordinary user.
if os.environ.get("WORKSHOP_HUB_ALLOW_ROOT") == "1":
    c.ServerApp.allow_root = True
