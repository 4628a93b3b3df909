"""Uploads are refused as soon as the stream passes the limit of the page they are sent to.

``LimitedUploadHandler`` is the first of ``FILE_UPLOAD_HANDLERS``: it counts each file's bytes as they arrive and
stops the upload the moment one passes its page's limit, before the next handler (memory or a temporary file)
sees the chunk, so an oversized file is never written to disk in full. The rest of the request is read and
thrown away (so the person gets the page back with the message, rather than a reset connection). A page
declares its limit with ``@upload_limit(bytes)``; others get ``UPLOAD_DEFAULT_MAX_BYTES``. The view tells the
person with ``upload_refusal(request)``.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.urls import Resolver404, resolve

# Room for the form's other fields and the multipart boundaries around a file at its limit.
_FORM_OVERHEAD = 64 * 1024


def upload_limit(max_bytes: int):
    """Declare the largest file a view accepts (apply it next to the ``def``, under the other decorators)."""

    def decorate(view):
        view.upload_max_bytes = max_bytes
        return view

    return decorate


def upload_refusal(request) -> str:
    """Why an upload to this request was stopped ("" if it was not)."""
    return getattr(request, "upload_refused", "")


def _limit_for(request) -> int:
    try:
        view = resolve(request.path_info).func
    except Resolver404:
        view = None
    return getattr(view, "upload_max_bytes", settings.UPLOAD_DEFAULT_MAX_BYTES)


def _megabytes(size: int) -> str:
    return f"{size / 1048576:.0f} MB" if size >= 1048576 else f"{size // 1024} KB"


class LimitedUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.limit = _limit_for(request) if request is not None else settings.UPLOAD_DEFAULT_MAX_BYTES
        self.received = 0
        self.too_large = False

    def _refuse(self):
        if self.request is not None:
            self.request.upload_refused = f"The file is too large: the limit is {_megabytes(self.limit)}."
        raise StopUpload(connection_reset=False)

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # A request announcing more than any file here may be is refused at its first file, unread.
        self.too_large = bool(content_length and content_length > self.limit + _FORM_OVERHEAD)

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        if self.too_large:
            self._refuse()

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self._refuse()
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler keeps the file
