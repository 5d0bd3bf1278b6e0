"""One window per user and database: a second launch hands its arguments (a file to import) to the
running window, which comes forward, and exits.

A QLockFile decides who is first (it survives crashes: a lock whose process died is taken over);
the first instance listens on a QLocalServer whose name is private to the user.
"""
from __future__ import annotations

import getpass
import hashlib
import json
import logging
from pathlib import Path

from PySide6.QtCore import QDir, QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMainWindow

log = logging.getLogger(__name__)
CONNECT_TIMEOUT_MS = 1500


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (services, odd shells)
        return "user"


class SingleInstance(QObject):
    """``is_primary()`` claims the lock; a secondary calls ``send(args)`` and exits."""

    message_received = Signal(list)
    files_received = Signal(list)  # the same list, for callers that only care about files

    def __init__(self, app_id: str, parent: QObject | None = None):
        super().__init__(parent)
        digest = hashlib.sha256(f"{_user()}|{app_id}".encode()).hexdigest()[:16]
        self.server_name = f"tthc-desktop-{digest}"
        self._lock = QLockFile(str(Path(QDir.tempPath()) / f"{self.server_name}.lock"))
        self._lock.setStaleLockTime(0)  # only a dead owner makes a lock stale, never its age
        self._server: QLocalServer | None = None
        self._primary: bool | None = None
        self._buffers: dict[QLocalSocket, bytes] = {}

    def is_primary(self) -> bool:
        if self._primary is None:
            self._primary = self._lock.tryLock(100)
            if self._primary:
                self._listen()
        return self._primary

    def _listen(self) -> None:
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.server_name):
            QLocalServer.removeServer(self.server_name)  # a socket file left by a crashed instance
            if not server.listen(self.server_name):
                log.warning("single instance: cannot listen on %s: %s", self.server_name, server.errorString())
                return
        server.newConnection.connect(self._accept)
        self._server = server

    def _accept(self) -> None:
        while self._server is not None and self._server.hasPendingConnections():
            sock = self._server.nextPendingConnection()
            self._buffers[sock] = b""
            sock.readyRead.connect(lambda s=sock: self._read(s))
            sock.disconnected.connect(lambda s=sock: self._finish(s))
            if sock.bytesAvailable():
                self._read(sock)

    def _read(self, sock: QLocalSocket) -> None:
        self._buffers[sock] = self._buffers.get(sock, b"") + bytes(sock.readAll())
        if self._buffers[sock].endswith(b"\n"):
            self._finish(sock)

    def _finish(self, sock: QLocalSocket) -> None:
        data = self._buffers.pop(sock, None)
        if data is None:
            return
        data += bytes(sock.readAll())
        # Not deleteLater(): the server owns its sockets, and deleting one under PySide's wrapper crashes.
        sock.abort()
        try:
            args = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            log.warning("single instance: ignored a malformed message")
            return
        if not isinstance(args, list):
            return
        args = [str(a) for a in args]
        bring_windows_forward()
        self.message_received.emit(args)
        self.files_received.emit(args)

    def send(self, args: list[str], timeout_ms: int = CONNECT_TIMEOUT_MS) -> bool:
        """Hand ``args`` to the primary instance; False if none answered."""
        sock = QLocalSocket()
        sock.connectToServer(self.server_name)
        if not sock.waitForConnected(timeout_ms):
            return False
        sock.write(json.dumps([str(a) for a in args], ensure_ascii=False).encode("utf-8") + b"\n")
        ok = sock.waitForBytesWritten(timeout_ms)
        sock.disconnectFromServer()
        if sock.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            sock.waitForDisconnected(timeout_ms)
        return ok

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._primary:
            self._lock.unlock()
        self._primary = None


def bring_windows_forward() -> None:
    """Restore a minimised main window and raise it (Windows may only flash the task-bar button)."""
    app = QApplication.instance()
    if app is None:
        return
    for widget in app.topLevelWidgets():
        if isinstance(widget, QMainWindow) and widget.isVisible():
            if widget.isMinimized():
                widget.showNormal()
            widget.raise_()
            widget.activateWindow()


def claim(db_path: Path, args: list[str]) -> SingleInstance | None:
    """The instance guard for this user and database, or None when another window took ``args``.

    If the first window holds the lock but does not answer (hung), this launch goes on rather than
    silently doing nothing; the database's own locking keeps the data safe.
    """
    instance = SingleInstance(str(Path(db_path).resolve()), QApplication.instance())
    if instance.is_primary():
        return instance
    if instance.send(list(args)):
        log.info("another window is running; handed over %s", args)
        return None
    log.warning("single instance: lock held but nobody answered; starting anyway")
    return instance
