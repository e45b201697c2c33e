"""The e-shop PostgreSQL: real server on 127.0.0.1, schema constraints, COPY load, roles + RLS."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import psycopg
import pytest
import sqlalchemy as sa
from servers import free_port

from labkit import checks, services
from labkit.datasets import paniervert
from labkit.services import eshop, postgres, process, state

pytestmark = pytest.mark.slow
TS = pd.Timestamp("2024-03-01 10:00", tz="UTC")


def tiny_tables() -> dict[str, pd.DataFrame]:
    """Two of everything, with the generator's column names (stores keeps region_code)."""
    two = [1, 2]
    return {
        "regions": pd.DataFrame({"region_code": ["11", "84"], "name": ["IDF", "ARA"]}),
        "departements": pd.DataFrame({"departement_code": ["75", "69"],
                                      "name": ["Paris", "Rhône"], "region_code": ["11", "84"]}),
        "stores": pd.DataFrame({
            "store_id": two, "store_code": ["PV001", "PV002"], "name": ["Bastille", "Lyon"],
            "address": ["1 rue A", "2 rue B"], "postal_code": ["75011", "69002"],
            "city": ["Paris", "Lyon"], "departement_code": ["75", "69"],
            "region_code": ["11", "84"], "manager_name": ["A", None],
            "surface_m2": [420.0, 380.5], "opened_on": ["2015-04-01", "2019-09-15"]}),
        "suppliers": pd.DataFrame({
            "supplier_id": two, "siret": ["73282932000074", "55210055400013"],
            "name": ["Ferme", "Moulin"], "departement_code": ["69", None], "city": ["X", None],
            "organic_certifier": ["Ecocert", None], "created_at": [TS, TS]}),
        "products": pd.DataFrame({
            "product_id": two, "ean13": ["3012345678901", "3012345678918"],
            "name": ["Pommes", "Farine"], "category": ["Fruits", "Épicerie"],
            "subcategory": [None, "Farines"], "organic": [True, False], "label": ["AB", None],
            "unit": ["kg", "kg"], "unit_price_eur": [3.2, 2.15], "supplier_id": [1.0, None],
            "updated_at": [TS, TS]}),
        "customers": pd.DataFrame({
            "customer_id": two, "loyalty_id": ["L1", None], "first_name": ["Léa", "Tom"],
            "last_name": ["Martin", "Petit"], "email": ["lea@example.fr", None],
            "phone": [None, "0600000000"], "address": [None, None],
            "postal_code": ["75011", None], "city": ["Paris", None],
            "birth_date": ["1990-02-03", None], "created_at": [TS, TS],
            "consent_marketing": [True, False], "consent_marketing_at": [TS, None],
            "consent_profiling": [False, False], "consent_profiling_at": [None, None]}),
        "orders": pd.DataFrame({
            "order_id": two, "customer_id": [1.0, None], "store_id": [None, 1.0],
            "channel": ["eshop", "store"], "ordered_at": [TS, TS], "status": ["paid", "paid"],
            "updated_at": [TS, TS]}),
        "order_lines": pd.DataFrame({
            "order_id": [1, 1, 2], "line_no": [1, 2, 1], "product_id": [1, 2, 1],
            "quantity": [1.5, 2, 1], "unit_price_eur": [3.2, 2.15, 3.2],
            "discount_eur": [0.0, 0.5, 0.0]}),
        "payments": pd.DataFrame({"payment_id": two, "order_id": two, "method": ["card", "cash"],
                                  "amount_eur": [8.6, 3.2], "paid_at": [TS, TS]}),
        "deliveries": pd.DataFrame({
            "delivery_id": [1], "order_id": [1], "carrier": ["Colissimo"],
            "tracking_number": ["6A123"], "status": ["delivered"], "shipped_at": [TS],
            "delivered_at": [TS + pd.Timedelta("1D")], "updated_at": [TS]}),
        "stock": pd.DataFrame({"store_id": [1, 2], "product_id": [1, 1], "quantity": [10, 0],
                               "updated_at": [TS, TS]}),
    }


@pytest.fixture(scope="module")
def pg() -> Iterator[services.Endpoint]:
    endpoint = services.ensure("postgres", port=free_port(), load=False)
    with postgres.connect(endpoint.port, "eshop") as conn:
        eshop.load(conn, tiny_tables(), scale=0.001, seed=1)
    yield endpoint
    services.stop("postgres")


@pytest.fixture
def conn(pg) -> Iterator[psycopg.Connection]:
    with psycopg.connect(postgres.libpq_url(pg.url), autocommit=True) as connection:
        yield connection


def test_server_listens_on_loopback_with_the_sqlalchemy_url(pg) -> None:
    assert pg.started and pg.url.startswith("postgresql+psycopg://labkit:")
    assert f"@127.0.0.1:{pg.port}/eshop" in pg.url
    again = services.ensure("postgres", port=pg.port, load=False)
    assert (again.pid, again.started) == (pg.pid, False)


def test_schema_has_keys_foreign_keys_checks_and_indexes(conn) -> None:
    rows = conn.execute(
        "SELECT table_name, constraint_type, count(*) FROM information_schema.table_constraints "
        "WHERE table_schema = 'public' GROUP BY 1, 2").fetchall()
    counts = {(t, kind): n for t, kind, n in rows}
    for table in eshop.TABLES:
        assert counts[(table, "PRIMARY KEY")] == 1, table
    assert counts[("order_lines", "FOREIGN KEY")] == 2 and counts[("stock", "FOREIGN KEY")] == 2
    assert counts[("orders", "FOREIGN KEY")] == 2 and counts[("customers", "CHECK")] >= 3
    indexes = conn.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'orders'")
    indexed = {row[0] for row in indexes}
    assert any("(updated_at)" in d for d in indexed) and any("(customer_id)" in d for d in indexed)


def test_constraints_reject_bad_rows(conn) -> None:
    with pytest.raises(psycopg.errors.CheckViolation):
        conn.execute("INSERT INTO order_lines VALUES (2, 2, 1, 0, 1, 0)")
    with pytest.raises(psycopg.errors.ForeignKeyViolation):
        conn.execute("INSERT INTO order_lines VALUES (99, 1, 1, 1, 1, 0)")
    with pytest.raises(psycopg.errors.NotNullViolation):
        conn.execute("INSERT INTO orders (order_id, channel, status) VALUES (9, 'eshop', 'new')")


def test_data_is_loaded_with_its_key(conn) -> None:
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in eshop.TABLES}
    expected = {name: len(frame) for name, frame in tiny_tables().items()}
    assert counts == expected
    assert eshop.loaded(conn) == (0.001, 1)
    assert eshop.load_generated(conn, 0.001, 1) is False  # same key: nothing reloaded
    region = "SELECT d.region_code FROM stores s JOIN departements d USING (departement_code)"
    assert conn.execute(region + " WHERE store_id = 2").fetchone() == ("84",)


def test_a_load_by_an_older_loader_does_not_count(conn) -> None:
    conn.execute("ALTER TABLE labkit_meta DROP COLUMN loader")  # made before loader versions
    try:
        assert eshop.create_schema(conn) is False  # exists: only upgraded
        assert eshop.loaded(conn) is None  # its load is version 1: load_generated reloads
    finally:
        conn.execute("UPDATE labkit_meta SET loader = %s", (eshop.LOADER_VERSION,))
    assert eshop.loaded(conn) == (0.001, 1)


def test_naive_times_are_loaded_as_paris_time(conn) -> None:
    """The generator's wall-clock times are Paris times: 10:00 in June is 08:00 UTC; the
    database and ``paniervert.to_utc`` (the partner API) agree, DST edges included."""
    naive = ["2024-06-03 10:00:00", "2024-01-15 10:00:00",
             "2024-10-27 02:30:00", "2024-03-31 02:30:00"]
    frame = pd.DataFrame({"order_id": range(77, 81), "channel": "eshop", "status": "payée",
                          "ordered_at": naive, "updated_at": naive})
    with conn.transaction(force_rollback=True):
        eshop.copy_tables(conn, {"orders": frame})
        conn.execute("SET LOCAL timezone = 'UTC'")
        got = [row[0] for row in conn.execute(
            "SELECT ordered_at FROM orders WHERE order_id >= 77 ORDER BY order_id")]
    assert got[0].isoformat() == "2024-06-03T08:00:00+00:00"
    expected = paniervert.to_utc(pd.Series(pd.to_datetime(naive)))
    assert [pd.Timestamp(t) for t in got] == expected.tolist()


def test_a_role_with_row_level_security_sees_only_its_rows(pg, conn) -> None:
    conn.execute("CREATE ROLE store_manager LOGIN PASSWORD 'secret'")
    conn.execute("GRANT SELECT ON orders TO store_manager")
    conn.execute("ALTER TABLE orders ENABLE ROW LEVEL SECURITY")
    conn.execute("CREATE POLICY store_only ON orders TO store_manager USING (store_id = 1)")
    url = f"postgresql://store_manager:secret@127.0.0.1:{pg.port}/eshop"
    with psycopg.connect(url) as manager:
        assert manager.execute("SELECT order_id FROM orders").fetchall() == [(2,)]
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(url.replace("secret", "wrong")).close()


def test_learner_queries_with_percent_signs_run_on_postgres(pg) -> None:
    """checks must not read a LIKE pattern as a psycopg placeholder."""
    engine = sa.create_engine(pg.url)
    query = "SELECT name FROM stores WHERE name LIKE '%' ORDER BY name"
    frame = checks.run_query(engine, query)
    checks.assert_query_matches(engine, query, "SELECT name FROM stores ORDER BY name")
    assert len(frame) > 0
    engine.dispose()


def test_database_url_override_starts_nothing(monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:p@db.example.org:5433/shop")
    monkeypatch.setenv("LABKIT_POSTGRES_PORT", str(free_port()))
    before = state.read("postgres")
    assert services.database_url() == "postgresql+psycopg://u:p@db.example.org:5433/shop"
    endpoint = services.ensure("postgres")
    assert (endpoint.pid, endpoint.started, endpoint.port) == (None, False, 5433)
    assert state.read("postgres") == before


def test_stop_leaves_no_postgres_process(pg) -> None:
    procs = process.members(pg.pid)  # postmaster + backends (each in its own session)
    assert len(procs) >= 3
    assert services.stop("postgres") is True
    assert [p.pid for p in procs if process.alive(p.pid, p.create_time())] == []
