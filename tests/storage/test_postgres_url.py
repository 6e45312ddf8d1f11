"""The province store over a network: TLS is required (personal data travels), a local socket needs none."""

from __future__ import annotations

import pytest

from desktop.errors import DatabaseOpenError
from desktop.storage import postgres


@pytest.mark.parametrize("url", ["postgresql+psycopg://so@10.0.0.5/doingoai",
                                 "postgresql+psycopg://so@sonv.daklak.gov.vn:5432/doingoai"])
def test_a_server_over_the_network_is_reached_over_tls(url):
    assert postgres.connect_args(url)["sslmode"] == "require"


def test_a_stricter_mode_in_the_url_is_kept():
    url = "postgresql+psycopg://so@10.0.0.5/doingoai?sslmode=verify-full&sslrootcert=/etc/doingoai/ca.crt"
    assert "sslmode" not in postgres.connect_args(url)  # psycopg reads the URL's own
    postgres.check_url(url)


@pytest.mark.parametrize("url", ["postgresql+psycopg:///doingoai", "postgresql+psycopg://so@localhost/doingoai",
                                 "postgresql+psycopg://so@127.0.0.1:5432/doingoai",
                                 "postgresql+psycopg://so@/doingoai?host=/var/run/postgresql"])
def test_a_local_socket_or_this_machine_needs_no_tls(url):
    assert "sslmode" not in postgres.connect_args(url)


@pytest.mark.parametrize("mode", ["disable", "allow", "prefer"])
def test_a_url_that_turns_tls_off_for_a_remote_server_is_refused_saying_why(mode):
    with pytest.raises(DatabaseOpenError, match="TLS") as err:
        postgres.check_url(f"postgresql+psycopg://so:bimat@10.0.0.5/doingoai?sslmode={mode}")
    assert "bimat" not in str(err.value)
