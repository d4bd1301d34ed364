"""A workshop created with a class size, under the real server: the join page keeps that
many kernels ready while it is open, and lets them go once it ends."""

from __future__ import annotations

import pytest
from conftest import serve
from test_kernel_lifecycle import kernel_ids, pool_size, wait_until

pytestmark = pytest.mark.voila

POOL = 1
CLASS = 4


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve(tmp_path_factory.mktemp("class-size-data"), pool=POOL) as server:
        yield server


def test_a_class_size_keeps_kernels_ready_until_the_workshop_ends(server):
    baseline = pool_size(POOL)
    wait_until(lambda: len(kernel_ids(server)) == baseline, 120, "the first pools are full")
    with server.store() as store:
        workshop, key = store.create_workshop("Thirty tomorrow")
        store.set_class_size(workshop, key, CLASS)
        # the join page's pool grows from 1 to the class size
        grown = baseline + CLASS - POOL
        wait_until(lambda: len(kernel_ids(server)) == grown, 120, f"{grown} kernels running")
        assert f"Keeping {CLASS} kernels ready on 00_welcome.ipynb" in server.log.read_text()
        store.end_workshop(workshop, key)
        wait_until(lambda: len(kernel_ids(server)) == baseline, 120, "the extra kernels end")
    assert "Keeping 1 kernels ready on 00_welcome.ipynb" in server.log.read_text()


def test_a_voila_without_the_pool_settings_fails_at_start_naming_them():
    from types import SimpleNamespace

    from workshop_kit.voila_app import VoilaInternalsChanged, keep_classes_ready

    manager = SimpleNamespace(_pools={}, kernel_pools_config={}, shutdown_kernel=print)
    app = SimpleNamespace(kernel_manager=manager, max_kernels=0, log=None)
    with pytest.raises(VoilaInternalsChanged, match=r"fill_if_needed.*pip install 'voila"):
        keep_classes_ready(app, "00_welcome.ipynb")
    # preheating off (no pools): nothing to keep ready, nothing checked
    assert keep_classes_ready(SimpleNamespace(kernel_manager=object()), "x") is None
