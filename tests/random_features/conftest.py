"""One torch thread in these tests, as the pipeline's stages run (threads: 1): no oversubscription on shared cores."""

import pytest

from thundeep.runtime import configure_torch


@pytest.fixture(autouse=True, scope="session")
def one_torch_thread() -> None:
    configure_torch(1)
