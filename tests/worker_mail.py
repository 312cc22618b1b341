"""An e-mail backend for tests with a real Celery worker (another process, so locmem's outbox is out of reach):
each message goes to its own file, after a delay that stands for a slow SMTP server, so a test can kill the
worker while it is sending."""

import os
import time
import uuid

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def _get_filename(self):
        if self._fname is None:
            self._fname = os.path.join(self.file_path, f"{os.getpid()}-{uuid.uuid4().hex}.eml")
        return self._fname

    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("IWG_TEST_MAIL_DELAY", "0")))
        return super().send_messages(email_messages)
