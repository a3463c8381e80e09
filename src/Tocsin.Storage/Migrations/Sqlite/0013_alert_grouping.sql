-- #8 ilert's INTELLIGENT_GROUPING: how similar (0..1) an event's summary must be to an open alert's to join it. Set only on sources
-- in that mode (null elsewhere). The exact-summary mode (ONE_ALERT_PER_EMAIL_SUBJECT) filters the source's open alerts by title
-- through ix_alerts_open_source, so it needs no index of its own.
ALTER TABLE alert_sources ADD COLUMN score_threshold REAL;
