"""An e-mail draft (.eml, RFC 5322 with MIME attachments) that Outlook and Thunderbird open as unsent."""
from __future__ import annotations

import mimetypes
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate, make_msgid
from pathlib import Path

from tthc_desktop.domain.text import one_line

_TYPES = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          ".pdf": "application/pdf"}


def build_message(*, to: list[str], subject: str, body: str, attachments: list[Path], sender: str = "") -> EmailMessage:
    msg = EmailMessage(policy=SMTP)
    # A line break in a header value (from a profile saved by an older version) would break the message.
    if one_line(sender):
        msg["From"] = one_line(sender)
    msg["To"] = ", ".join(one_line(t) for t in to)
    msg["Subject"] = one_line(subject)
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain="tthc.local")
    msg["X-Unsent"] = "1"  # Outlook: open as a draft with a Send button
    msg["X-Mozilla-Draft-Info"] = "internal/draft; vcard=0; receipt=0; DSN=0; uuencode=0"
    msg.set_content(body, charset="utf-8")
    for path in attachments:
        path = Path(path)
        ctype = _TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        maintype, subtype = ctype.split("/", 1)
        msg.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name)
    return msg


def write_eml(target: Path, **kwargs) -> Path:
    from tthc_desktop.exporters.atomic import write_atomically

    data = build_message(**kwargs).as_bytes()
    return write_atomically(Path(target), lambda tmp: Path(tmp).write_bytes(data))
