"""Quiet Spark sessions: local[2] + Hive metastore (Derby) per workspace, nothing on stderr.

The JVM's stdout and stderr go to ``data_dir()/spark/spark.log`` (pyspark's gateway accepts
Popen arguments), so a notebook cell using Spark writes nothing on stderr.
``SPARK_REMOTE`` (Spark Connect) or ``SPARK_MASTER`` (cluster URL) send the same code away.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path
from typing import IO, TYPE_CHECKING

from labkit import config
from labkit.doctor import java_version
from labkit.services.errors import ServiceError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

MIN_JAVA = 17
JAVA_FIX = "sudo apt-get install -y openjdk-17-jre-headless  (ou : conda install openjdk=17)"
LOG4J2 = """\
rootLogger.level = error
rootLogger.appenderRef.file.ref = file
appender.file.type = File
appender.file.name = file
appender.file.fileName = {log}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{{HH:mm:ss}} %p %c{{1}}: %m%n
"""
_metastore_lock: IO[str] | None = None  # held for the life of this process

# pyspark warns (FutureWarning, on stderr) on its first py4j call and on pandas conversions
warnings.filterwarnings(
    "ignore", message="PySpark does not yet fully support pandas", category=FutureWarning
)


def spark_dir() -> Path:
    path = config.data_dir() / "spark"
    path.mkdir(parents=True, exist_ok=True)
    return path


def java_executable() -> str | None:
    """The java Spark will use: ``$JAVA_HOME/bin/java``, else ``java`` on the PATH."""
    home = os.environ.get("JAVA_HOME")
    if home and os.access(Path(home) / "bin" / "java", os.X_OK):
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def check_java() -> int:
    """The Java major version, or a French error with the command that fixes it."""
    java = java_executable()
    if java is None:
        raise ServiceError(
            f"Java est introuvable : Spark a besoin de Java {MIN_JAVA} ou plus.\n"
            f"Installez-le : {JAVA_FIX}"
        )
    run = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    major = java_version(run.stderr + run.stdout)
    if major is None or major < MIN_JAVA:
        raise ServiceError(
            f"Java {major} trouvé ({java}) : Spark a besoin de Java {MIN_JAVA} "
            f"ou plus.\nInstallez-le : {JAVA_FIX}"
        )
    return major


def _lock_metastore(root: Path) -> None:
    """One process per Derby metastore: a clear error instead of Derby's stack trace."""
    global _metastore_lock
    if _metastore_lock is not None:
        return
    handle = open(root / "metastore.lock", "a+")  # noqa: SIM115  (kept open: it is the lock)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        owner = handle.read().strip() or "?"
        handle.close()
        raise ServiceError(
            f"Le métastore Hive {root / 'metastore_db'} est déjà utilisé par une autre session "
            f"Spark (processus {owner}) : deux sessions ne peuvent pas partager un métastore "
            "Derby. Arrêtez l'autre noyau (Kernel > Shut Down), ou travaillez avec un "
            "métastore privé, non conservé : LABKIT_SPARK_METASTORE=private."
        ) from None
    handle.truncate(0)
    handle.write(str(os.getpid()))
    handle.flush()
    _metastore_lock = handle


def _metastore_url(root: Path) -> str:
    if os.environ.get("LABKIT_SPARK_METASTORE") == "private":
        return f"jdbc:derby:memory:metastore_{os.getpid()};create=true"
    _lock_metastore(root)
    return f"jdbc:derby:;databaseName={root / 'metastore_db'};create=true"


def conf_pairs(app_name: str, root: Path) -> dict[str, str]:
    """Spark settings: local[2] (or ``SPARK_MASTER``), no UI, loopback, Hive, quiet logs."""
    log4j = root / "log4j2.properties"
    log4j.write_text(LOG4J2.format(log=root / "spark-driver.log"))
    java_options = (
        f"-Dlog4j2.configurationFile={log4j.as_uri()} -Dderby.system.home={root} "
        f"-Dderby.stream.error.file={root / 'derby.log'}"
    )
    return {
        "spark.master": os.environ.get("SPARK_MASTER", "local[2]"),
        "spark.app.name": app_name,
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.driver.host": "127.0.0.1",
        "spark.driver.bindAddress": "127.0.0.1",
        "spark.driver.extraJavaOptions": java_options,
        "spark.sql.catalogImplementation": "hive",
        "spark.sql.warehouse.dir": str(root / "warehouse"),
        "spark.hadoop.javax.jdo.option.ConnectionURL": _metastore_url(root),
        "spark.sql.shuffle.partitions": "4",
        "spark.sql.session.timeZone": "UTC",
        "spark.pyspark.python": sys.executable,
    }


def _silence_query_context_loggers() -> None:
    """pyspark logs every failed query (JSON + Java stack) on stderr: nbgrader would give 0."""
    from pyspark.logger import PySparkLogger

    for name in ("SQLQueryContextLogger", "DataFrameQueryContextLogger"):
        PySparkLogger.getLogger(name).disabled = True


def _launch(app_name: str) -> SparkSession:
    from pyspark import SparkConf, SparkContext
    from pyspark.java_gateway import launch_gateway
    from pyspark.sql import SparkSession

    check_java()
    _silence_query_context_loggers()
    root = spark_dir()
    conf = SparkConf(loadDefaults=False).setAll(list(conf_pairs(app_name, root).items()))
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    with open(root / "spark.log", "ab") as log:
        gateway = launch_gateway(conf, popen_kwargs={"stdout": log, "stderr": subprocess.STDOUT})
    SparkContext(gateway=gateway, conf=conf)
    return SparkSession.builder.config(conf=conf).enableHiveSupport().getOrCreate()


def session(app_name: str = "labkit") -> SparkSession:
    """The running session, else a new one (Spark Connect if ``SPARK_REMOTE`` is set)."""
    from pyspark.sql import SparkSession

    remote = os.environ.get("SPARK_REMOTE")
    if remote:
        return SparkSession.builder.appName(app_name).remote(remote).getOrCreate()
    active = SparkSession.getActiveSession()
    return active if active is not None else _launch(app_name)
