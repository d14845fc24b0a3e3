"""The exception tree.  Findings are data; exceptions are for what cannot go on.

::

    JixiaoError
    ├── IngestError            a file that cannot be read (names the file and the place)
    │   ├── UnsupportedFormat  not a format jixiao reads (or the wrong extension and no match)
    │   ├── CorruptFile        truncated / malformed zip, XML, workbook, PDF
    │   ├── UnsafeFile         zip bomb, XML entities, over a size limit
    │   ├── EncodingError      text in an encoding we cannot detect
    │   ├── NoTextLayer        glyphs without a Unicode mapping (a scan is OCR'd instead)
    │   ├── MissingDependency  an optional part is not installed (the ocr extra, LibreOffice)
    │   └── AssembleError      blocks read, but a table could not be assembled (names the row)
    ├── PolicyError            an invalid scoring policy file
    ├── ConfigError            an invalid [tool.jixiao] / jixiao.toml setting
    └── StoreError             database-level problems
        ├── ConflictError      an edit based on a stale version
        ├── NotFound
        └── PermissionDenied
"""

from __future__ import annotations

from .text import Text, in_lang


class JixiaoError(Exception):
    """Base of every error jixiao raises on purpose.

    Its message is a :class:`jixiao.text.Text` (Chinese, with its English): ``str(exc)`` is
    the Chinese, :meth:`message` gives either language."""

    def message(self, lang: str = "zh") -> str:
        """The message in ``lang`` (``zh`` or ``en``)."""
        arg = self.args[0] if self.args else ""
        return in_lang(arg, lang) if isinstance(arg, str) else str(self)

    @property
    def text(self) -> Text:
        """The message in both languages."""
        return Text(self.message("zh"), self.message("en"))


class IngestError(JixiaoError):
    def __init__(self, file: str | None, reason: str, where: str | None = None) -> None:
        self.file = file
        self.reason = reason
        self.where = where
        super().__init__(self.message("zh"))

    def message(self, lang: str = "zh") -> str:
        place = f" ({self.where})" if self.where else ""
        return f"{self.file or '<input>'}{place}: {in_lang(self.reason, lang)}"


class UnsupportedFormat(IngestError):
    pass


class CorruptFile(IngestError):
    pass


class UnsafeFile(IngestError):
    pass


class EncodingError(IngestError):
    pass


class NoTextLayer(IngestError):
    pass


class MissingDependency(IngestError):
    """The file needs an optional part that is not installed; the message says how to install it."""


class AssembleError(IngestError):
    pass


class PolicyError(JixiaoError):
    pass


class ConfigError(JixiaoError):
    pass


class StoreError(JixiaoError):
    pass


class ConflictError(StoreError):
    pass


class NotFound(StoreError):
    pass


class PermissionDenied(StoreError):
    pass
