"""Default limits the command line shows and the readers apply; here, not in
kg.read, so that commands which read no document start without importing
every reader."""

MAX_FILE_MB = 50  # default per-file limit (kg build --max-file-mb)
