"""Opening a database (WAL, busy timeout, migrations) and its short locked transactions."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils

from workbench.errors import StoreError
from workbench.store.common import now_iso
from workbench.store.schema import MIGRATIONS

BUSY_TIMEOUT_MS = 30_000  # the default wait for another process's write lock
FIRST_TRY_MS = 250  # after this long a waiting writer says what it waits for
T = TypeVar("T")
LockWait = Callable[[str], None]


class StoreBase:
    """The connection, its lock, the schema and the transaction helpers every part uses."""

    def __init__(
        self,
        path: str | Path = ":memory:",
        *,
        lock_timeout: float = BUSY_TIMEOUT_MS / 1000,
        on_lock_wait: LockWait | None = None,
    ) -> None:
        self.path = str(path)
        # One connection may serve several threads (the TUI's workers): one at a time.
        self._lock = threading.RLock()
        # How long a write waits for another process's lock, and who hears that it waits.
        self.lock_timeout_ms = max(int(lock_timeout * 1000), 1)
        self.on_lock_wait = on_lock_wait
        try:
            if self.path != ":memory:":
                # Before anything is written: journal mode and our tables would change the file.
                refuse_foreign_database(Path(self.path).expanduser())
                Path(self.path).expanduser().parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                self.path, timeout=self.lock_timeout_ms / 1000, check_same_thread=False
            )
            self.db = sqlite_utils.Database(conn)
            conn.execute(f"PRAGMA busy_timeout = {self.lock_timeout_ms}")
            if self.path != ":memory:":
                self.db.enable_wal()
                # In WAL mode NORMAL keeps the database consistent through a crash or kill -9;
                # only an OS crash may lose the last commits. It makes each commit cheap.
                conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            if _read_only(self.path):
                raise StoreError(
                    f"database {self.path} is read-only (its file or folder cannot be "
                    "written, and a workbench database needs both): nothing was changed"
                ) from None
            raise StoreError(f"cannot open database {self.path}: {_plain(exc)}") from None
        except OSError as exc:
            raise StoreError(f"cannot open database {self.path}: {exc.strerror}") from None

    # -- schema -----------------------------------------------------------------------------
    def _migrate(self) -> None:
        conn = self.db.conn
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied TEXT)"
        )
        conn.commit()
        done = {row[0] for row in conn.execute("SELECT name FROM schema_migrations")}
        for name, migrate in MIGRATIONS:
            if name in done:
                continue
            # Foreign keys off while a migration rebuilds a table (SQLite's procedure for
            # schema changes ALTER TABLE cannot make), checked before it commits.
            conn.execute("PRAGMA foreign_keys = OFF")
            try:
                with conn:  # one transaction per migration: a crash leaves it undone, not half-done
                    conn.execute("BEGIN IMMEDIATE")
                    if conn.execute(
                        "SELECT 1 FROM schema_migrations WHERE name = ?", (name,)
                    ).fetchone():
                        continue  # another process applied it while we waited for the lock
                    migrate(self.db)
                    if conn.execute("PRAGMA foreign_key_check").fetchone():
                        raise sqlite3.DatabaseError(f"migration {name} broke a foreign key")
                    conn.execute(
                        "INSERT INTO schema_migrations (name, applied) VALUES (?, ?)",
                        (name, now_iso()),
                    )
            finally:
                conn.execute("PRAGMA foreign_keys = ON")

    @property
    def schema_version(self) -> int:
        return self.db.conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            # Keeps the query planner's statistics fresh (cheap; SQLite's advice).
            with contextlib.suppress(sqlite3.Error):
                self.db.conn.execute("PRAGMA optimize")
            self.db.conn.close()

    # -- transactions -----------------------------------------------------------------------
    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction: it takes the write lock up front, so two processes
        never both read 'queued' and then both claim (no deferred-to-write upgrade).

        A read-only, full or broken database is a StoreError naming the file; the
        transaction is rolled back, so nothing of it is half-written."""
        with self._lock:
            conn = self.db.conn
            self._begin(conn)
            try:
                yield conn
                conn.commit()
            except BaseException as exc:
                with contextlib.suppress(sqlite3.Error):
                    conn.rollback()
                if _is_store_failure(exc):
                    raise StoreError(self._failure(exc)) from None
                raise

    def _begin(self, conn: sqlite3.Connection) -> None:
        """BEGIN IMMEDIATE; when another process holds the lock, say so, then wait for it
        at most lock_timeout in all."""
        first = min(FIRST_TRY_MS, self.lock_timeout_ms)
        conn.execute(f"PRAGMA busy_timeout = {first}")
        try:
            conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if not _is_locked(exc):
                raise StoreError(self._failure(exc)) from None
        finally:
            conn.execute(f"PRAGMA busy_timeout = {self.lock_timeout_ms}")
        seconds = self.lock_timeout_ms / 1000
        if self.on_lock_wait is not None:
            self.on_lock_wait(
                f"waiting for the database {self.path}: another process is writing to it "
                f"(giving up after {seconds:g} s)"
            )
        conn.execute(f"PRAGMA busy_timeout = {max(self.lock_timeout_ms - first, 1)}")
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if _is_locked(exc):
                raise StoreError(
                    f"database {self.path} stayed locked by another process for {seconds:g} s;"
                    " try again when it is done (the wait is review.lock_timeout)"
                ) from None
            raise StoreError(self._failure(exc)) from None
        finally:
            conn.execute(f"PRAGMA busy_timeout = {self.lock_timeout_ms}")

    def _failure(self, exc: BaseException) -> str:
        """One sentence for a database that cannot be written."""
        text = _plain(exc)
        if "readonly" in text or "read-only" in text:
            return f"database {self.path} is read-only: nothing was changed"
        if "full" in text:
            return f"disk full while writing {self.path}: this step was not saved"
        return f"cannot write database {self.path}: {text}"

    def _transaction(self, work: Callable[[sqlite3.Connection], T]) -> T:
        def attempt() -> T:
            with self._write() as conn:
                return work(conn)

        return retry_locked(attempt)  # type: ignore[return-value]

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                cursor = self.db.conn.execute(sql, params)
                cursor.row_factory = sqlite3.Row
                return cursor.fetchall()
            except sqlite3.OperationalError as exc:
                if _is_locked(exc):
                    raise
                raise StoreError(f"cannot read database {self.path}: {_plain(exc)}") from None


def _read_only(path: str) -> bool:
    """The file or its folder cannot be written (modes, or a read-only file system)."""
    import os

    file = Path(path).expanduser()
    folder = file.parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return True
    except OSError:
        return False
    return not os.access(folder, os.W_OK) or (file.exists() and not os.access(file, os.W_OK))


def _plain(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _is_locked(exc: BaseException) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def _is_store_failure(exc: BaseException) -> bool:
    """The database itself failed (read-only, full, I/O, corrupt), not a rule of ours:
    constraint and trigger errors (IntegrityError) keep their type."""
    if isinstance(exc, sqlite3.OperationalError):
        return not _is_locked(exc)
    return type(exc) is sqlite3.DatabaseError


# The first migration every workbench database has recorded.
_OUR_FIRST_MIGRATION = MIGRATIONS[0][0]


def refuse_foreign_database(path: Path) -> None:
    """StoreError when `path` is an existing SQLite file that another application owns.

    It is opened read-only and only its schema is read, so the file stays byte for byte as it
    was. A missing or empty file, an SQLite file without tables, and a workbench database pass.
    """
    if not path.is_file() or path.stat().st_size == 0:
        return
    # A file in use in WAL mode (its -wal exists) is read read-only, which sees the newest
    # schema. Otherwise immutable: SQLite then creates no -wal/-shm beside a foreign file; should
    # a writer change the file under that read, a read-only open decides.
    if Path(f"{path}-wal").exists():
        tables, ours = _schema_of(path, "mode=ro")
    else:
        try:
            tables, ours = _schema_of(path, "immutable=1")
        except StoreError:
            tables, ours = _schema_of(path, "mode=ro")
    if tables and not ours:
        shown = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")
        raise StoreError(
            f"{path} is not a workbench database (it holds other tables: {shown}); "
            "nothing was written to it; pass --db with a new file or a workbench database"
        )


def _schema_of(path: Path, mode: str) -> tuple[list[str], bool]:
    """The file's table names, and whether they are a workbench schema; nothing is written."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open database {path}: {exc}") from None
    try:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        ours = "schema_migrations" in tables and bool(
            conn.execute(
                "SELECT 1 FROM pragma_table_info('schema_migrations') WHERE name = 'name'"
            ).fetchone()
        )
        if ours and tables != ["schema_migrations"]:  # alone: our first open was cut short
            ours = bool(
                conn.execute(
                    "SELECT 1 FROM schema_migrations WHERE name = ?", (_OUR_FIRST_MIGRATION,)
                ).fetchone()
            )
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot open database {path}: {exc}") from None
    finally:
        conn.close()
    return tables, ours


def retry_locked(fn: Callable[[], object], attempts: int = 5) -> object:
    """Run fn, retrying with backoff when another process holds the write lock."""
    for attempt in range(attempts):
        try:
            return fn()
        except sqlite3.OperationalError as exc:
            if not _is_locked(exc):
                raise
            if attempt == attempts - 1:
                raise StoreError(f"database is busy; tried {attempts} times") from None
            time.sleep(0.1 * 2**attempt)
    return None
