"""Imported by the cleaning workers' fork server in tests/stop_at_stage.py's "cleaning" stage: every page
takes its worker SECONDS_A_PAGE longer, as a batch of heavy pages would, so that a run which waited for
its batches in flight would be seconds late to stop."""
import time

import transforms.extract

SECONDS_A_PAGE = 3.0
_clean_document = transforms.extract.clean_document


def slow_clean_document(*args, **kwargs):
    time.sleep(SECONDS_A_PAGE)
    return _clean_document(*args, **kwargs)


transforms.extract.clean_document = slow_clean_document
